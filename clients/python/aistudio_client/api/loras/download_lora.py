from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.download_lora_format_type_0 import (
    DownloadLoraFormatType0,
)
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    version: int,
    *,
    format_: DownloadLoraFormatType0 | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    max_rank: int | None | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_format_: None | str | Unset
    if isinstance(format_, Unset):
        json_format_ = UNSET
    elif isinstance(format_, str):
        json_format_ = format_
    else:
        json_format_ = format_
    params["format"] = json_format_

    json_step: int | None | Unset
    if isinstance(step, Unset):
        json_step = UNSET
    else:
        json_step = step
    params["step"] = json_step

    json_max_rank: int | None | Unset
    if isinstance(max_rank, Unset):
        json_max_rank = UNSET
    else:
        json_max_rank = max_rank
    params["max_rank"] = json_max_rank

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/models/{name}/loras/{version}/file".format(
            name=quote(str(name), safe=""),
            version=quote(str(version), safe=""),
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
    version: int,
    *,
    client: AuthenticatedClient | Client,
    format_: DownloadLoraFormatType0 | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    max_rank: int | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Download Lora

     A file of the version: the published one by default, or one exported before (POST
    .../exports). A 307 to a short-lived presigned URL when S3 holds it, else the file.
    Refused once withdrawn or while consent is not in force.

    Args:
        name (str):
        version (int): The version number
        format_ (DownloadLoraFormatType0 | None | Unset): Default: the family's own
        step (int | None | Unset): Default: the best
        max_rank (int | None | Unset): A rank cap

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        format_=format_,
        step=step,
        max_rank=max_rank,
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
    format_: DownloadLoraFormatType0 | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    max_rank: int | None | Unset = UNSET,
) -> Any | Problem | None:
    """Download Lora

     A file of the version: the published one by default, or one exported before (POST
    .../exports). A 307 to a short-lived presigned URL when S3 holds it, else the file.
    Refused once withdrawn or while consent is not in force.

    Args:
        name (str):
        version (int): The version number
        format_ (DownloadLoraFormatType0 | None | Unset): Default: the family's own
        step (int | None | Unset): Default: the best
        max_rank (int | None | Unset): A rank cap

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        name=name,
        version=version,
        client=client,
        format_=format_,
        step=step,
        max_rank=max_rank,
    ).parsed


async def asyncio_detailed(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    format_: DownloadLoraFormatType0 | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    max_rank: int | None | Unset = UNSET,
) -> Response[Any | Problem]:
    """Download Lora

     A file of the version: the published one by default, or one exported before (POST
    .../exports). A 307 to a short-lived presigned URL when S3 holds it, else the file.
    Refused once withdrawn or while consent is not in force.

    Args:
        name (str):
        version (int): The version number
        format_ (DownloadLoraFormatType0 | None | Unset): Default: the family's own
        step (int | None | Unset): Default: the best
        max_rank (int | None | Unset): A rank cap

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        format_=format_,
        step=step,
        max_rank=max_rank,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    format_: DownloadLoraFormatType0 | None | Unset = UNSET,
    step: int | None | Unset = UNSET,
    max_rank: int | None | Unset = UNSET,
) -> Any | Problem | None:
    """Download Lora

     A file of the version: the published one by default, or one exported before (POST
    .../exports). A 307 to a short-lived presigned URL when S3 holds it, else the file.
    Refused once withdrawn or while consent is not in force.

    Args:
        name (str):
        version (int): The version number
        format_ (DownloadLoraFormatType0 | None | Unset): Default: the family's own
        step (int | None | Unset): Default: the best
        max_rank (int | None | Unset): A rank cap

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
            client=client,
            format_=format_,
            step=step,
            max_rank=max_rank,
        )
    ).parsed
