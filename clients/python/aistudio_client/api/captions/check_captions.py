from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.caption_checks import CaptionChecks
from ...models.caption_drafts import CaptionDrafts
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    name: str,
    version: int,
    *,
    body: CaptionDrafts,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/models/{name}/datasets/{version}/captions/check".format(
            name=quote(str(name), safe=""),
            version=quote(str(version), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CaptionChecks | Problem | None:
    if response.status_code == 200:
        response_200 = CaptionChecks.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CaptionChecks | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: CaptionDrafts,
) -> Response[CaptionChecks | Problem]:
    """Check Captions

     Check draft captions with the rules an edit applies, writing nothing (a review page
    calls it as the reviewer types): each draft's problems and its length in tokens.

    Args:
        name (str):
        version (int): The version number
        body (CaptionDrafts): Draft captions by image name, to check before saving (nothing is
            written).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaptionChecks | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: CaptionDrafts,
) -> CaptionChecks | Problem | None:
    """Check Captions

     Check draft captions with the rules an edit applies, writing nothing (a review page
    calls it as the reviewer types): each draft's problems and its length in tokens.

    Args:
        name (str):
        version (int): The version number
        body (CaptionDrafts): Draft captions by image name, to check before saving (nothing is
            written).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaptionChecks | Problem
    """

    return sync_detailed(
        name=name,
        version=version,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: CaptionDrafts,
) -> Response[CaptionChecks | Problem]:
    """Check Captions

     Check draft captions with the rules an edit applies, writing nothing (a review page
    calls it as the reviewer types): each draft's problems and its length in tokens.

    Args:
        name (str):
        version (int): The version number
        body (CaptionDrafts): Draft captions by image name, to check before saving (nothing is
            written).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CaptionChecks | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: CaptionDrafts,
) -> CaptionChecks | Problem | None:
    """Check Captions

     Check draft captions with the rules an edit applies, writing nothing (a review page
    calls it as the reviewer types): each draft's problems and its length in tokens.

    Args:
        name (str):
        version (int): The version number
        body (CaptionDrafts): Draft captions by image name, to check before saving (nothing is
            written).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CaptionChecks | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            version=version,
            client=client,
            body=body,
        )
    ).parsed
