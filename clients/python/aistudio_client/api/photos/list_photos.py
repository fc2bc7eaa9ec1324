from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_photos_category_type_0 import (
    ListPhotosCategoryType0,
)
from ...models.list_photos_role_type_0 import ListPhotosRoleType0
from ...models.page_photo_public import PagePhotoPublic
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    role: ListPhotosRoleType0 | None | Unset = UNSET,
    category: ListPhotosCategoryType0 | None | Unset = UNSET,
    after: int | Unset = 0,
    limit: int | Unset = 50,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_role: None | str | Unset
    if isinstance(role, Unset):
        json_role = UNSET
    elif isinstance(role, str):
        json_role = role
    else:
        json_role = role
    params["role"] = json_role

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
        "url": "/api/v1/models/{name}/photos".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PagePhotoPublic | Problem | None:
    if response.status_code == 200:
        response_200 = PagePhotoPublic.from_dict(response.json())

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
) -> Response[PagePhotoPublic | Problem]:
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
    role: ListPhotosRoleType0 | None | Unset = UNSET,
    category: ListPhotosCategoryType0 | None | Unset = UNSET,
    after: int | Unset = 0,
    limit: int | Unset = 50,
) -> Response[PagePhotoPublic | Problem]:
    """List Photos

     A model's photos, oldest first.

    Args:
        name (str):
        role (ListPhotosRoleType0 | None | Unset):
        category (ListPhotosCategoryType0 | None | Unset):
        after (int | Unset): Cursor: the last id seen Default: 0.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePhotoPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        role=role,
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
    role: ListPhotosRoleType0 | None | Unset = UNSET,
    category: ListPhotosCategoryType0 | None | Unset = UNSET,
    after: int | Unset = 0,
    limit: int | Unset = 50,
) -> PagePhotoPublic | Problem | None:
    """List Photos

     A model's photos, oldest first.

    Args:
        name (str):
        role (ListPhotosRoleType0 | None | Unset):
        category (ListPhotosCategoryType0 | None | Unset):
        after (int | Unset): Cursor: the last id seen Default: 0.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePhotoPublic | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        role=role,
        category=category,
        after=after,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    role: ListPhotosRoleType0 | None | Unset = UNSET,
    category: ListPhotosCategoryType0 | None | Unset = UNSET,
    after: int | Unset = 0,
    limit: int | Unset = 50,
) -> Response[PagePhotoPublic | Problem]:
    """List Photos

     A model's photos, oldest first.

    Args:
        name (str):
        role (ListPhotosRoleType0 | None | Unset):
        category (ListPhotosCategoryType0 | None | Unset):
        after (int | Unset): Cursor: the last id seen Default: 0.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PagePhotoPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        role=role,
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
    role: ListPhotosRoleType0 | None | Unset = UNSET,
    category: ListPhotosCategoryType0 | None | Unset = UNSET,
    after: int | Unset = 0,
    limit: int | Unset = 50,
) -> PagePhotoPublic | Problem | None:
    """List Photos

     A model's photos, oldest first.

    Args:
        name (str):
        role (ListPhotosRoleType0 | None | Unset):
        category (ListPhotosCategoryType0 | None | Unset):
        after (int | Unset): Cursor: the last id seen Default: 0.
        limit (int | Unset):  Default: 50.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PagePhotoPublic | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            role=role,
            category=category,
            after=after,
            limit=limit,
        )
    ).parsed
