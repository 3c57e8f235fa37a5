from datetime import datetime

from ninja import Field, Schema

from api.schemas import PhoneStr, PlainStr, PublicUrlStr


class LoginUserOut(Schema):
    """The contract's user, plus what the web clients store at login to greet and show the
    user (``full_name``, ``username``, ``phone_number``, ``profile_picture``, ``date_joined``;
    docs/real-client.md, "Login")."""

    id: int
    email: str
    first_name: str
    last_name: str
    role: str
    full_name: str = Field(
        ..., validation_alias="user_name", description="First and last name, else the e-mail's name."
    )
    username: str = Field(..., validation_alias="email", description="The e-mail: the platform has no user names.")
    phone_number: str = Field(..., validation_alias="phone")
    profile_picture: str = Field(..., validation_alias="profile_pic_url")
    date_joined: datetime


class LoginIn(Schema):
    email: str = Field(..., max_length=254)
    password: str = Field(..., max_length=128)


class GoogleLoginIn(Schema):
    token: str = Field(..., min_length=1)


class LoginOut(Schema):
    # Read from a ``services.TokenPair``.
    access: str
    refresh: str
    access_token: str = Field(..., validation_alias="access", description="Alias of `access`, for the web client.")
    refresh_token: str = Field(..., validation_alias="refresh", description="Alias of `refresh`, for the web client.")
    user: LoginUserOut


class SignupIn(Schema):
    first_name: PlainStr = Field(..., max_length=150)
    last_name: PlainStr = Field("", max_length=150)
    email: str = Field(..., max_length=254)
    phone: PhoneStr = Field("", max_length=20)
    password: str = Field(..., max_length=128)
    confirm_password: str = Field(..., max_length=128)


class EmailIn(Schema):
    email: str = Field(..., max_length=254)


class VerifyEmailIn(Schema):
    email: str = Field(..., max_length=254)
    otp: str = Field(..., max_length=12)


class RefreshIn(Schema):
    refresh: str


class RefreshTokenIn(Schema):
    """The older web build's refresh body."""

    refresh_token: str


class TokenRefreshOut(Schema):
    # Read from a ``services.TokenPair``.
    access: str
    refresh: str
    access_token: str = Field(..., validation_alias="access")
    refresh_token: str = Field(..., validation_alias="refresh")


class ProfileOut(Schema):
    """The contract's profile, plus the names the web clients' profile pages read
    (``username``, ``phone_number``, ``profile_picture``; docs/real-client.md, "Profile")."""

    id: int
    user_name: str
    profile_pic_url: str
    role: str
    first_name: str
    last_name: str
    email: str
    phone: str
    is_profile_active: bool
    username: str = Field(..., validation_alias="email", description="The e-mail: the platform has no user names.")
    phone_number: str = Field(..., validation_alias="phone", description="Same as `phone`.")
    profile_picture: str = Field(..., validation_alias="profile_pic_url", description="Same as `profile_pic_url`.")


class ProfileIn(Schema):
    # Names without control or text-direction characters; a phone of digits and separators;
    # a picture on a public http(s) host (tests/test_security_profile.py).
    user_name: PlainStr | None = Field(None, max_length=301)
    first_name: PlainStr | None = Field(None, max_length=150)
    last_name: PlainStr | None = Field(None, max_length=150)
    phone: PhoneStr | None = Field(None, max_length=20)
    profile_pic_url: PublicUrlStr | None = Field(None, max_length=500)
    is_profile_active: bool | None = None
    phone_number: PhoneStr | None = Field(None, max_length=20, description="The web clients' name for `phone`.")
    profile_picture: PublicUrlStr | None = Field(
        None, max_length=500, description="The web clients' name for `profile_pic_url`."
    )


class ResetVerifyOut(Schema):
    reset_token: str
    detail: str


class ResetPasswordIn(Schema):
    email: str = Field(..., max_length=254)
    reset_token: str = Field(..., max_length=200)
    new_password: str = Field(..., max_length=128)
    confirm_password: str = Field(..., max_length=128)
