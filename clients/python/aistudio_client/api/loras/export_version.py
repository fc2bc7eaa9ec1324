from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.export_public import ExportPublic
from ...models.export_request import ExportRequest
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    version: int,
    *,
    body: ExportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["idempotency-key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/models/{name}/loras/{version}/exports".format(
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
) -> ExportPublic | Problem | None:
    if response.status_code == 200:
        response_200 = ExportPublic.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = ExportPublic.from_dict(response.json())

        return response_202

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
) -> Response[ExportPublic | Problem]:
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
    body: ExportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ExportPublic | Problem]:
    """Export Version

     A file of the version in a format and rank cap: made now (200) when the rank stays,
    else by a job (202) that lowers it (kohya's resize). Refused once withdrawn.

    Args:
        name (str):
        version (int): The version number
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (ExportRequest): A file of a version in a chosen format and rank cap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExportPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        body=body,
        idempotency_key=idempotency_key,
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
    body: ExportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ExportPublic | Problem | None:
    """Export Version

     A file of the version in a format and rank cap: made now (200) when the rank stays,
    else by a job (202) that lowers it (kohya's resize). Refused once withdrawn.

    Args:
        name (str):
        version (int): The version number
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (ExportRequest): A file of a version in a chosen format and rank cap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExportPublic | Problem
    """

    return sync_detailed(
        name=name,
        version=version,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: ExportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[ExportPublic | Problem]:
    """Export Version

     A file of the version in a format and rank cap: made now (200) when the rank stays,
    else by a job (202) that lowers it (kohya's resize). Refused once withdrawn.

    Args:
        name (str):
        version (int): The version number
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (ExportRequest): A file of a version in a chosen format and rank cap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ExportPublic | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        version=version,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    version: int,
    *,
    client: AuthenticatedClient | Client,
    body: ExportRequest,
    idempotency_key: None | str | Unset = UNSET,
) -> ExportPublic | Problem | None:
    """Export Version

     A file of the version in a format and rank cap: made now (200) when the rank stays,
    else by a job (202) that lowers it (kohya's resize). Refused once withdrawn.

    Args:
        name (str):
        version (int): The version number
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (ExportRequest): A file of a version in a chosen format and rank cap.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ExportPublic | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            version=version,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
