"""The template's CloudFront resources, as the local stack stands them in (issue 9).

moto's CloudFormation creates none of AWS::CloudFront::*. Locally the stack's HTTP server
on 127.0.0.1 plays the distribution (infra/local/web.py): it serves the web bucket with
the response headers of the template's ResponseHeadersPolicy and the index rewrite of its
viewer-request function. These creators only give the resources ids and the attributes
other resources ask for (the bucket policy's distribution ARN), so the rest deploys as is.
"""

from __future__ import annotations

import hashlib
from typing import Any

from infra.local.adapter_resources import ClientFactory, Created

LOCAL_DOMAIN = "127.0.0.1"  # the HTTP server of the local stack plays the distribution
_ACCOUNT_ID = "123456789012"  # moto's default account (infra.local.deploy.ACCOUNT_ID)


def _local_id(stack: str, logical_id: str) -> str:
    return "E" + hashlib.sha256(f"{stack}/{logical_id}".encode()).hexdigest()[:13].upper()


def _distribution(clients: ClientFactory, logical_id: str, props: dict[str, Any],
                  stack: str) -> Created:
    return Created(_local_id(stack, logical_id), {"DomainName": LOCAL_DOMAIN,
                                                   "Id": _local_id(stack, logical_id)})


def _with_id(clients: ClientFactory, logical_id: str, props: dict[str, Any],
             stack: str) -> Created:
    return Created(_local_id(stack, logical_id), {"Id": _local_id(stack, logical_id)})


def _function(clients: ClientFactory, logical_id: str, props: dict[str, Any],
              stack: str) -> Created:
    name = str(props.get("Name") or logical_id)
    return Created(name, {"FunctionARN": f"arn:aws:cloudfront::{_ACCOUNT_ID}:function/{name}",
                          "Stage": "LIVE"})


CLOUDFRONT_CREATORS = {
    "AWS::CloudFront::Distribution": _distribution,
    "AWS::CloudFront::OriginAccessControl": _with_id,
    "AWS::CloudFront::ResponseHeadersPolicy": _with_id,
    "AWS::CloudFront::Function": _function,
}
