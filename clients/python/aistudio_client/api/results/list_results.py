from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_results_category_type_0 import (
    ListResultsCategoryType0,
)
from ...models.page_result_public import PageResultPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    category: ListResultsCategoryType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, str):
        json_category = category
    else:
        json_category = category
    params["category"] = json_category

    params["after"] = after

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/models/{name}/results".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PageResultPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PageResultPublic.from_dict(response.json())

        return response_200

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
) -> Response[PageResultPublic | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    category: ListResultsCategoryType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> Response[PageResultPublic | Problem]:
    """List Results

     A model's pairs in key order: each one's latest status, the rule that refused it, and
    its files (before: the target photo; after: the final result).

    Args:
        name (str):
        category (ListResultsCategoryType0 | None | Unset):
        after (str | Unset): Cursor: the last pair seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageResultPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        category=category,
        after=after,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    category: ListResultsCategoryType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> PageResultPublic | Problem | None:
    """List Results

     A model's pairs in key order: each one's latest status, the rule that refused it, and
    its files (before: the target photo; after: the final result).

    Args:
        name (str):
        category (ListResultsCategoryType0 | None | Unset):
        after (str | Unset): Cursor: the last pair seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageResultPublic | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        category=category,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    category: ListResultsCategoryType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> Response[PageResultPublic | Problem]:
    """List Results

     A model's pairs in key order: each one's latest status, the rule that refused it, and
    its files (before: the target photo; after: the final result).

    Args:
        name (str):
        category (ListResultsCategoryType0 | None | Unset):
        after (str | Unset): Cursor: the last pair seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PageResultPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        category=category,
        after=after,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    category: ListResultsCategoryType0 | None | Unset = UNSET,
    after: str | Unset = "",
    limit: int | Unset = 50,
) -> PageResultPublic | Problem | None:
    """List Results

     A model's pairs in key order: each one's latest status, the rule that refused it, and
    its files (before: the target photo; after: the final result).

    Args:
        name (str):
        category (ListResultsCategoryType0 | None | Unset):
        after (str | Unset): Cursor: the last pair seen Default: ''.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PageResultPublic | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            category=category,
            after=after,
            limit=limit,
        )
    ).parsed
