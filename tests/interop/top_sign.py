#!/usr/bin/env python3
"""An independent TOP signer: calls alibaba.pos.order.pay on a gateway, signed with only
Python's standard library, and prints the answer's body. With --tamper it changes a signed
value after signing (the gateway must answer code 25).

usage: top_sign.py URL APP_KEY APP_SECRET md5|hmac|hmac-sha256 [--tamper]
"""
import datetime
import hashlib
import hmac
import json
import sys
import urllib.request
from urllib.parse import urlencode


def sign(params, secret, method):
    text = "".join(k + v for k, v in sorted(params.items()) if k != "sign" and v.strip())
    key, data = secret.encode("utf-8"), text.encode("utf-8")
    if method == "md5":
        digest = hashlib.md5(key + data + key).digest()
    elif method == "hmac":
        digest = hmac.new(key, data, hashlib.md5).digest()
    elif method == "hmac-sha256":
        digest = hmac.new(key, data, hashlib.sha256).digest()
    else:
        raise SystemExit("unknown sign method " + method)
    return digest.hex().upper()


def main(argv):
    url, app_key, secret, sign_method = argv[1:5]
    tamper = "--tamper" in argv[5:]
    gmt8 = datetime.timezone(datetime.timedelta(hours=8))
    pay_request = {
        "buyer_id": 1, "checkout_id": "1", "machine_id": "001", "merchant_code": "HM",
        "operator_id": "123", "order_id": "111", "pay_channel": "alipay_facepay_v2",
        "pay_fee": 100, "payer_id": 3, "payment_channel": 1006, "request_id": "py-1",
        "shop_id": "1", "source": "hema",
    }
    params = {
        "method": "alibaba.pos.order.pay",
        "app_key": app_key,
        "timestamp": datetime.datetime.now(gmt8).strftime("%Y-%m-%d %H:%M:%S"),
        "v": "2.0",
        "sign_method": sign_method,
        "format": "json",
        "shop_id": "1",
        "pay_request": json.dumps(pay_request, separators=(",", ":"), sort_keys=True,
                                  ensure_ascii=False),
    }
    params["sign"] = sign(params, secret, sign_method)
    if tamper:
        params["shop_id"] = "2"
    body = urlencode(params).encode("utf-8")
    request = urllib.request.Request(url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        sys.stdout.write(answer.read().decode("utf-8"))


if __name__ == "__main__":
    main(sys.argv)
