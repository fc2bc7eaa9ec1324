"""Provider registry: built-ins and plugins (test fakes too) register through the same path."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points

from aistudio.core.config import Settings
from aistudio.core.errors import ConfigError
from aistudio.providers.base import Provider

ProviderFactory = Callable[[Settings], Provider]
_factories: dict[str, ProviderFactory] = {}
_loaded: set[str] = set()
_scanned: list[bool] = []  # entry points are read once per process: the scan costs ~30 ms


def register(name: str, factory: ProviderFactory) -> None:
    """Make a provider available under name (later registrations replace earlier ones)."""
    _factories[name] = factory


def _local(settings: Settings) -> Provider:
    from aistudio.providers.local import LocalProvider

    return LocalProvider(settings)


def _maxstudio(settings: Settings) -> Provider:
    from aistudio.providers.maxstudio import MaxStudioProvider

    return MaxStudioProvider(settings)


register("local", _local)
register("maxstudio", _maxstudio)


def _load_plugins(settings: Settings) -> None:
    # Plugins come from the AISTUDIO_PLUGINS setting and the "aistudio.providers" entry points.
    if not _scanned:
        for ep in entry_points(group="aistudio.providers"):
            if ep.name not in _loaded:
                register(ep.name, ep.load())
                _loaded.add(ep.name)
        _scanned.append(True)
    for module in settings.plugin_modules:
        if module not in _loaded:
            try:
                importlib.import_module(module)
            except ImportError as exc:
                raise ConfigError(f"AISTUDIO_PLUGINS: cannot import {module!r}: {exc}") from None
            _loaded.add(module)


def available(settings: Settings) -> list[str]:
    """Names of the registered providers."""
    _load_plugins(settings)
    return sorted(_factories)


def get_provider(name: str, settings: Settings) -> Provider:
    """Build the provider called name."""
    _load_plugins(settings)
    factory = _factories.get(name)
    if factory is None:
        raise ConfigError(f"unknown provider {name!r}; available: {', '.join(sorted(_factories))}")
    return factory(settings)


@dataclass(frozen=True)
class ProviderInfo:
    """A registered provider as a user picks one: its prices, and whether it can run here."""

    name: str
    prices: dict[str, float]
    ready: bool
    why: str | None  # what to configure when it cannot run


def catalogue(settings: Settings) -> list[ProviderInfo]:
    """Every registered provider, built once to read its prices (a missing key says so)."""
    found = []
    for name in available(settings):
        try:
            provider = get_provider(name, settings)
        except ConfigError as exc:
            found.append(ProviderInfo(name=name, prices={}, ready=False, why=str(exc)))
            continue
        found.append(
            ProviderInfo(
                name=name,
                prices={str(k): v for k, v in provider.prices.items()},
                ready=True,
                why=None,
            )
        )
    return found
