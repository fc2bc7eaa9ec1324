"""The studio: settings, database and shared detectors, opened once and passed to library calls."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session

from aistudio.core.config import ModelConfig, Settings, Thresholds, load_model_config
from aistudio.core.naming import ModelPaths, validate_model_name
from aistudio.db import queries
from aistudio.db.engine import database_url, get_engine, session_scope
from aistudio.media.faces import FaceDetector, get_detector


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

    def detector(self, thresholds: Thresholds) -> FaceDetector:
        """The shared face detector for these thresholds."""
        return get_detector(
            self.settings.face_model, self.settings.detect_max_side, thresholds.min_face_score
        )
