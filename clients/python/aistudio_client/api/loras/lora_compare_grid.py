from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    versions: list[int] | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_versions: list[int] | None | Unset
    if isinstance(versions, Unset):
        json_versions = UNSET
    elif isinstance(versions, list):
        json_versions = versions

    else:
        json_versions = versions
    params["versions"] = json_versions

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/models/{name}/loras/compare/grid".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[Any | Problem]:
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
    versions: list[int] | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Lora Compare Grid

     The PNG grid of versions' best-checkpoint samples, a row a version (marked as AI-made),
    as `aistudio lora compare` writes it.

    Args:
        name (str):
        versions (list[int] | None | Unset): Two version numbers or more (default: every finished
            version)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        versions=versions,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    versions: list[int] | None | Unset = UNSET,
) -> Any | Problem | None:
    """Lora Compare Grid

     The PNG grid of versions' best-checkpoint samples, a row a version (marked as AI-made),
    as `aistudio lora compare` writes it.

    Args:
        name (str):
        versions (list[int] | None | Unset): Two version numbers or more (default: every finished
            version)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        versions=versions,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    versions: list[int] | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Lora Compare Grid

     The PNG grid of versions' best-checkpoint samples, a row a version (marked as AI-made),
    as `aistudio lora compare` writes it.

    Args:
        name (str):
        versions (list[int] | None | Unset): Two version numbers or more (default: every finished
            version)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        versions=versions,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    versions: list[int] | None | Unset = UNSET,
) -> Any | Problem | None:
    """Lora Compare Grid

     The PNG grid of versions' best-checkpoint samples, a row a version (marked as AI-made),
    as `aistudio lora compare` writes it.

    Args:
        name (str):
        versions (list[int] | None | Unset): Two version numbers or more (default: every finished
            version)

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            versions=versions,
        )
    ).parsed
