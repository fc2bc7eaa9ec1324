from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    name: str,
    version: int,
    index: int,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/models/{name}/datasets/{version}/candidates/{index}".format(
            name=quote(str(name), safe=""),
            version=quote(str(version), safe=""),
            index=quote(str(index), safe=""),
        ),
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
    version: int,
    index: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """Dataset Candidate

     One candidate of the version as stored, uncropped, in or out (what a person judges
    before keeping it in): its `candidate_url` in the version's listing.

    Args:
        name (str):
        version (int): The version number
        index (int): The candidate's place: in ones, then out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        index=index,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    version: int,
    index: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """Dataset Candidate

     One candidate of the version as stored, uncropped, in or out (what a person judges
    before keeping it in): its `candidate_url` in the version's listing.

    Args:
        name (str):
        version (int): The version number
        index (int): The candidate's place: in ones, then out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        name=name,
        version=version,
        index=index,
        client=client,
    ).parsed


async def asyncio_detailed(
    name: str,
    version: int,
    index: int,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """Dataset Candidate

     One candidate of the version as stored, uncropped, in or out (what a person judges
    before keeping it in): its `candidate_url` in the version's listing.

    Args:
        name (str):
        version (int): The version number
        index (int): The candidate's place: in ones, then out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        index=index,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    version: int,
    index: int,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """Dataset Candidate

     One candidate of the version as stored, uncropped, in or out (what a person judges
    before keeping it in): its `candidate_url` in the version's listing.

    Args:
        name (str):
        version (int): The version number
        index (int): The candidate's place: in ones, then out

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            version=version,
            index=index,
            client=client,
        )
    ).parsed
