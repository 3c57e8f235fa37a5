"""A factory_boy base whose factories the type checker sees as making their model.

``factory.django.DjangoModelFactory[Model]`` types ``create()``/``build()``, but calling the
factory class (``CourseFactory()``) still reads as making a ``CourseFactory``. The
``__new__`` below exists for the type checker only; factory_boy's own is unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import factory

T = TypeVar("T")


class ModelFactory(factory.django.DjangoModelFactory[T]):
    class Meta:
        abstract = True

    if TYPE_CHECKING:
        # mypy insists __new__ returns the class's own type; a factory's returns its model.
        def __new__(cls, *args: Any, **kwargs: Any) -> T: ...  # type: ignore[misc]
