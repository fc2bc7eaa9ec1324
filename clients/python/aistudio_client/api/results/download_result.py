from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.download_result_file import DownloadResultFile
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    name: str,
    pair: str,
    file: DownloadResultFile,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/models/{name}/results/{pair}/{file}".format(
            name=quote(str(name), safe=""),
            pair=quote(str(pair), safe=""),
            file=quote(str(file), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 307:
        response_307 = cast(Any, None)
        return response_307

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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

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
    pair: str,
    file: DownloadResultFile,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """Download Result

     One file of a pair: target (the photo before), swapped or enhanced. A 307 to a
    short-lived presigned URL when S3 holds it, else the file itself.

    Args:
        name (str):
        pair (str):
        file (DownloadResultFile):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        pair=pair,
        file=file,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    pair: str,
    file: DownloadResultFile,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """Download Result

     One file of a pair: target (the photo before), swapped or enhanced. A 307 to a
    short-lived presigned URL when S3 holds it, else the file itself.

    Args:
        name (str):
        pair (str):
        file (DownloadResultFile):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        name=name,
        pair=pair,
        file=file,
        client=client,
    ).parsed


async def asyncio_detailed(
    name: str,
    pair: str,
    file: DownloadResultFile,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Problem]:
    """Download Result

     One file of a pair: target (the photo before), swapped or enhanced. A 307 to a
    short-lived presigned URL when S3 holds it, else the file itself.

    Args:
        name (str):
        pair (str):
        file (DownloadResultFile):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        pair=pair,
        file=file,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    pair: str,
    file: DownloadResultFile,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Problem | None:
    """Download Result

     One file of a pair: target (the photo before), swapped or enhanced. A 307 to a
    short-lived presigned URL when S3 holds it, else the file itself.

    Args:
        name (str):
        pair (str):
        file (DownloadResultFile):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            pair=pair,
            file=file,
            client=client,
        )
    ).parsed
