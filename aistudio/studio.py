"""The studio: settings, database and shared detectors, opened once and passed to library calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlmodel import Session

from aistudio.core.config import ModelConfig, Settings, Thresholds, load_model_config
from aistudio.core.naming import ModelPaths, validate_model_name
from aistudio.db import queries
from aistudio.db.engine import database_url, get_engine, session_scope
from aistudio.media.aesthetic import AestheticScorer, get_scorer
from aistudio.media.faces import FaceDetector, get_detector

if TYPE_CHECKING:
    from aistudio.media.brisque import BrisqueModel


@dataclass
class Studio:
    """Everything a library call needs to find a model's files and records."""

    settings: Settings

    @property
    def home(self) -> Path:
        return self.settings.home

    @cached_property
    def engine(self) -> Engine:
        return get_engine(database_url(self.settings))

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A committing session that may write (it takes the write lock up front on SQLite)."""
        with session_scope(self.engine) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reads only: it never waits for writers, nor makes them wait."""
        with session_scope(self.engine, read=True) as session:
            yield session

    def paths(self, name: str) -> ModelPaths:
        """A model's folders (the name is checked first: it becomes a path)."""
        return ModelPaths(self.home, validate_model_name(name))

    def config(self, name: str) -> ModelConfig:
        """A model's config.json (ModelNotFound first when there is no such model)."""
        paths = self.paths(name)
        if not paths.config.exists():
            with self.session() as session:
                queries.get_model(session, name=name)
        return load_model_config(paths.config)

    def brisque(self) -> BrisqueModel | None:
        """The BRISQUE model, or None when none is installed."""
        from aistudio.media.brisque import load_model  # SciPy only when scoring (CLI start-up)

        return load_model(self.settings.brisque_model)

    def aesthetic(self) -> AestheticScorer | None:
        """The configured CLIP beauty scorer (loaded once per process; torch is imported only
        then), or None."""
        source = self.settings.aesthetic_model
        return get_scorer(source, self.settings.torch_device) if source else None

    def detector(self, thresholds: Thresholds) -> FaceDetector:
        """The shared face detector for these thresholds."""
        return get_detector(
            self.settings.face_model, self.settings.detect_max_side, thresholds.min_face_score
        )
