from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.upload_photos_body import UploadPhotosBody
from ...models.upload_photos_category_type_0 import (
    UploadPhotosCategoryType0,
)
from ...models.upload_photos_role import UploadPhotosRole
from ...models.upload_report import UploadReport
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    body: UploadPhotosBody,
    role: UploadPhotosRole,
    category: None | Unset | UploadPhotosCategoryType0 = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    json_role: str = role
    params["role"] = json_role

    json_category: None | str | Unset
    if isinstance(category, Unset):
        json_category = UNSET
    elif isinstance(category, str):
        json_category = category
    else:
        json_category = category
    params["category"] = json_category

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/models/{name}/photos".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    _kwargs["files"] = body.to_multipart()

    headers["Content-Type"] = "multipart/form-data; boundary=+++"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | UploadReport | None:
    if response.status_code == 200:
        response_200 = UploadReport.from_dict(response.json())

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[Problem | UploadReport]:
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
    body: UploadPhotosBody,
    role: UploadPhotosRole,
    category: None | Unset | UploadPhotosCategoryType0 = UNSET,
) -> Response[Problem | UploadReport]:
    """Upload Photos

     Upload photos (multipart, field 'files', many per request): each is validated and
    imported as the CLI's import does, with one verdict per file.

    Args:
        name (str):
        role (UploadPhotosRole): source: the persona's face; target: a scene
        category (None | Unset | UploadPhotosCategoryType0): Targets: sfw or nsfw
        body (UploadPhotosBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UploadReport]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        role=role,
        category=category,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UploadPhotosBody,
    role: UploadPhotosRole,
    category: None | Unset | UploadPhotosCategoryType0 = UNSET,
) -> Problem | UploadReport | None:
    """Upload Photos

     Upload photos (multipart, field 'files', many per request): each is validated and
    imported as the CLI's import does, with one verdict per file.

    Args:
        name (str):
        role (UploadPhotosRole): source: the persona's face; target: a scene
        category (None | Unset | UploadPhotosCategoryType0): Targets: sfw or nsfw
        body (UploadPhotosBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UploadReport
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
        role=role,
        category=category,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UploadPhotosBody,
    role: UploadPhotosRole,
    category: None | Unset | UploadPhotosCategoryType0 = UNSET,
) -> Response[Problem | UploadReport]:
    """Upload Photos

     Upload photos (multipart, field 'files', many per request): each is validated and
    imported as the CLI's import does, with one verdict per file.

    Args:
        name (str):
        role (UploadPhotosRole): source: the persona's face; target: a scene
        category (None | Unset | UploadPhotosCategoryType0): Targets: sfw or nsfw
        body (UploadPhotosBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UploadReport]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        role=role,
        category=category,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: UploadPhotosBody,
    role: UploadPhotosRole,
    category: None | Unset | UploadPhotosCategoryType0 = UNSET,
) -> Problem | UploadReport | None:
    """Upload Photos

     Upload photos (multipart, field 'files', many per request): each is validated and
    imported as the CLI's import does, with one verdict per file.

    Args:
        name (str):
        role (UploadPhotosRole): source: the persona's face; target: a scene
        category (None | Unset | UploadPhotosCategoryType0): Targets: sfw or nsfw
        body (UploadPhotosBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UploadReport
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
            role=role,
            category=category,
        )
    ).parsed
