from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.dataset_dry_run import DatasetDryRun
from ...models.dataset_options import DatasetOptions
from ...models.job_created import JobCreated
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    name: str,
    *,
    body: DatasetOptions,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["idempotency-key"] = idempotency_key

    params: dict[str, Any] = {}

    params["dry_run"] = dry_run

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/models/{name}/datasets".format(
            name=quote(str(name), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | DatasetDryRun | JobCreated | Problem | None:
    if response.status_code == 200:
        response_200 = cast(Any, None)
        return response_200

    if response.status_code == 201:

        def _parse_response_201(data: object) -> DatasetDryRun | JobCreated:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_201_type_0 = JobCreated.from_dict(data)

                return response_201_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_201_type_1 = DatasetDryRun.from_dict(data)

            return response_201_type_1

        response_201 = _parse_response_201(response.json())

        return response_201

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
) -> Response[Any | DatasetDryRun | JobCreated | Problem]:
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
    body: DatasetOptions,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Any | DatasetDryRun | JobCreated | Problem]:
    """Build Dataset

     Build a training dataset from the model's accepted results, as a job (consent, config
    and candidates are checked first); the job's `result` event names the version it made.

    Args:
        name (str):
        dry_run (bool | Unset): Only say what it would use Default: False.
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (DatasetOptions): What a dataset build chooses; None: the model's own setting.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DatasetDryRun | JobCreated | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetOptions,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Any | DatasetDryRun | JobCreated | Problem | None:
    """Build Dataset

     Build a training dataset from the model's accepted results, as a job (consent, config
    and candidates are checked first); the job's `result` event names the version it made.

    Args:
        name (str):
        dry_run (bool | Unset): Only say what it would use Default: False.
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (DatasetOptions): What a dataset build chooses; None: the model's own setting.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DatasetDryRun | JobCreated | Problem
    """

    return sync_detailed(
        name=name,
        client=client,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetOptions,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Any | DatasetDryRun | JobCreated | Problem]:
    """Build Dataset

     Build a training dataset from the model's accepted results, as a job (consent, config
    and candidates are checked first); the job's `result` event names the version it made.

    Args:
        name (str):
        dry_run (bool | Unset): Only say what it would use Default: False.
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (DatasetOptions): What a dataset build chooses; None: the model's own setting.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | DatasetDryRun | JobCreated | Problem]
    """

    kwargs = _get_kwargs(
        name=name,
        body=body,
        dry_run=dry_run,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: DatasetOptions,
    dry_run: bool | Unset = False,
    idempotency_key: None | str | Unset = UNSET,
) -> Any | DatasetDryRun | JobCreated | Problem | None:
    """Build Dataset

     Build a training dataset from the model's accepted results, as a job (consent, config
    and candidates are checked first); the job's `result` event names the version it made.

    Args:
        name (str):
        dry_run (bool | Unset): Only say what it would use Default: False.
        idempotency_key (None | str | Unset): The same key and body return the same job
        body (DatasetOptions): What a dataset build chooses; None: the model's own setting.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | DatasetDryRun | JobCreated | Problem
    """

    return (
        await asyncio_detailed(
            name=name,
            client=client,
            body=body,
            dry_run=dry_run,
            idempotency_key=idempotency_key,
        )
    ).parsed
