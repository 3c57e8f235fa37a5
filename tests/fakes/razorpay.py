"""A small Razorpay-compatible server for tests and local trials (never for production).

It speaks the part of the Razorpay REST API the platform uses (``POST /v1/orders``,
``GET /v1/orders/{id}``, ``GET /v1/orders/{id}/payments``, Basic auth with the key id
and secret, Razorpay's error shape),
plus one helper route standing in for the Checkout widget:
``POST /_fake/orders/{order_id}/pay`` captures a payment and answers with the fields
Checkout hands the browser (``razorpay_order_id``, ``razorpay_payment_id``,
``razorpay_signature``); with a webhook URL configured it also delivers the signed
``payment.captured`` and ``order.paid`` webhooks there.

Run it beside ``make run``::

    python -m tests.fakes.razorpay --port 9999 \\
        --key-id rzp_test_fake --key-secret fake_secret \\
        --webhook-url http://127.0.0.1:8000/payment-gateway/api/webhook/razorpay/ \\
        --webhook-secret fake_webhook_secret
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import re
import secrets
import string
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import requests

if TYPE_CHECKING:
    from tests.fakes.http import FakeHttpServer

_ALNUM = string.ascii_letters + string.digits


def _rid(prefix: str) -> str:
    return prefix + "".join(secrets.choice(_ALNUM) for _ in range(14))


def hmac_sha256(secret: str, message: str | bytes) -> str:
    data = message.encode() if isinstance(message, str) else message
    return hmac.new(secret.encode(), data, hashlib.sha256).hexdigest()


def _error(status: int, description: str, code: str = "BAD_REQUEST_ERROR") -> tuple[int, dict, Any]:
    return status, {}, {"error": {"code": code, "description": description, "source": "NA", "reason": "NA"}}


class FakeRazorpay:
    """State and routes; ``handle`` has the ``tests.fakes.http.FakeHttpServer`` signature."""

    server: FakeHttpServer  # the server serving it, set by the test fixture

    def __init__(
        self,
        key_id: str = "rzp_test_fake",
        key_secret: str = "fake_key_secret",  # noqa: S107 - a fake for tests and local trials
        webhook_secret: str = "fake_webhook_secret",  # noqa: S107
        webhook_url: str = "",
    ) -> None:
        self.key_id = key_id
        self.key_secret = key_secret
        self.webhook_secret = webhook_secret
        self.webhook_url = webhook_url
        self.orders: dict[str, dict] = {}
        self.payments: dict[str, dict] = {}
        self.lock = threading.Lock()

    # --- what Checkout and Razorpay's webhooks would produce ---------------------------

    def checkout_signature(self, order_id: str, payment_id: str) -> str:
        return hmac_sha256(self.key_secret, f"{order_id}|{payment_id}")

    def capture(self, order_id: str) -> dict:
        """Capture a payment for the order: returns Checkout's success handler fields."""
        with self.lock:
            order = self.orders[order_id]
            payment_id = _rid("pay_")
            payment = {
                "id": payment_id,
                "entity": "payment",
                "amount": order["amount"],
                "currency": order["currency"],
                "status": "captured",
                "order_id": order_id,
                "method": "upi",
                "captured": True,
                "notes": order["notes"],
                "created_at": int(time.time()),
            }
            self.payments[payment_id] = payment
            order.update(status="paid", amount_paid=order["amount"], amount_due=0, attempts=order["attempts"] + 1)
        return {
            "razorpay_order_id": order_id,
            "razorpay_payment_id": payment_id,
            "razorpay_signature": self.checkout_signature(order_id, payment_id),
        }

    def webhook(self, event: str, order_id: str, payment_id: str | None = None, **payment_fields: Any) -> bytes:
        """The JSON body Razorpay posts for ``event`` on this order/payment."""
        order = self.orders[order_id]
        payment = dict(self.payments.get(payment_id or "", {}))
        if not payment:
            payment = {
                "id": payment_id or _rid("pay_"),
                "entity": "payment",
                "amount": order["amount"],
                "currency": order["currency"],
                "order_id": order_id,
                "status": "failed" if event == "payment.failed" else "captured",
            }
        payment.update(payment_fields)
        contains = ["payment"] if event.startswith("payment.") else ["payment", "order"]
        body: dict[str, Any] = {
            "entity": "event",
            "account_id": "acc_" + self.key_id[-14:],
            "event": event,
            "contains": contains,
            "payload": {"payment": {"entity": payment}},
            "created_at": int(time.time()),
        }
        if "order" in contains:
            body["payload"]["order"] = {"entity": order}
        return json.dumps(body).encode()

    def webhook_headers(self, body: bytes, event_id: str | None = None, secret: str | None = None) -> dict[str, str]:
        return {
            "X-Razorpay-Signature": hmac_sha256(secret or self.webhook_secret, body),
            "X-Razorpay-Event-Id": event_id or _rid("evt_"),
            "Content-Type": "application/json",
        }

    def deliver_webhooks(self, order_id: str, payment_id: str) -> list[int]:
        statuses = []
        for event in ("payment.captured", "order.paid"):
            body = self.webhook(event, order_id, payment_id)
            try:
                response = requests.post(self.webhook_url, data=body, headers=self.webhook_headers(body), timeout=10)
                statuses.append(response.status_code)
            except requests.RequestException:  # report and carry on, like Razorpay retries
                statuses.append(0)
        return statuses

    # --- HTTP ---------------------------------------------------------------------------

    def _authorized(self, headers: dict[str, str]) -> bool:
        auth = headers.get("authorization", "")
        if not auth.startswith("Basic "):
            return False
        try:
            key_id, _, key_secret = base64.b64decode(auth[6:]).decode().partition(":")
        except ValueError:
            return False
        return hmac.compare_digest(key_id, self.key_id) and hmac.compare_digest(key_secret, self.key_secret)

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes) -> tuple[int, dict, Any]:
        path = path.split("?", 1)[0]
        pay = re.fullmatch(r"/_fake/orders/(order_\w+)/pay/?", path)
        if method == "POST" and pay:
            if pay.group(1) not in self.orders:
                return _error(404, "The id provided does not exist")
            result = self.capture(pay.group(1))
            if self.webhook_url:
                result["webhook_statuses"] = self.deliver_webhooks(pay.group(1), result["razorpay_payment_id"])
            return 200, {}, result
        if not self._authorized(headers):
            return _error(401, "The api key provided is invalid")
        if method == "POST" and path.rstrip("/") == "/v1/orders":
            return self._order_create(body)
        listing = re.fullmatch(r"/v1/orders/(order_\w+)/payments/?", path)
        if method == "GET" and listing:
            if listing.group(1) not in self.orders:
                return _error(400, "The id provided does not exist")
            items = [p for p in self.payments.values() if p["order_id"] == listing.group(1)]
            return 200, {}, {"entity": "collection", "count": len(items), "items": items}
        fetch = re.fullmatch(r"/v1/orders/(order_\w+)/?", path)
        if method == "GET" and fetch:
            order = self.orders.get(fetch.group(1))
            return (200, {}, order) if order else _error(400, "The id provided does not exist")
        return _error(404, "The requested URL was not found on the server.")

    def _order_create(self, body: bytes) -> tuple[int, dict, Any]:
        try:
            data = json.loads(body or b"{}")
        except ValueError:
            return _error(400, "Invalid JSON")
        amount = data.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool):
            return _error(400, "The amount must be an integer.")
        if amount < 100:
            return _error(400, "Order amount less than minimum amount allowed")
        receipt = data.get("receipt")
        if receipt is not None and len(str(receipt)) > 40:
            return _error(400, "receipt: the receipt may not be greater than 40 characters.")
        notes = data.get("notes") or {}
        if not isinstance(notes, dict) or len(notes) > 15:
            return _error(400, "notes: at most 15 notes are allowed.")
        order = {
            "id": _rid("order_"),
            "entity": "order",
            "amount": amount,
            "amount_paid": 0,
            "amount_due": amount,
            "currency": data.get("currency", "INR"),
            "receipt": receipt,
            "offer_id": None,
            "status": "created",
            "attempts": 0,
            "notes": notes,
            "created_at": int(time.time()),
        }
        with self.lock:
            self.orders[order["id"]] = order
        return 200, {}, order


def main() -> None:  # pragma: no cover - a manual tool
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9999)
    parser.add_argument("--key-id", default="rzp_test_fake")
    parser.add_argument("--key-secret", default="fake_key_secret")
    parser.add_argument("--webhook-secret", default="fake_webhook_secret")
    parser.add_argument("--webhook-url", default="")
    args = parser.parse_args()
    fake = FakeRazorpay(args.key_id, args.key_secret, args.webhook_secret, args.webhook_url)

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, _, out = fake.handle(self.command, self.path, headers, body)
            data = json.dumps(out).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(
        f"Fake Razorpay on http://{args.host}:{args.port}  "
        f"(RAZORPAY_BASE_URL=http://{args.host}:{args.port} RAZORPAY_KEY_ID={args.key_id} "
        f"RAZORPAY_KEY_SECRET={args.key_secret} RAZORPAY_WEBHOOK_SECRET={args.webhook_secret})",
        flush=True,
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
