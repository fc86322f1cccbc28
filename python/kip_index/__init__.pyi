"""Type stubs of kip_index: the exact scorer of Monev KIP and IKIP for Python."""

import os
from decimal import Decimal
from typing import Any, BinaryIO, Iterable, List, Optional, TextIO, TypedDict, Union

__version__: str

class Problem(TypedDict):
    """One problem, with its place: the file, a JSON Lines or CSV record's line, where in
    the record, the line and column in the file, its kind and its message."""

    file: Optional[str]
    record: Optional[int]
    path: str
    line: Optional[int]
    column: Optional[int]
    kind: str
    message: str

class KipError(ValueError):
    """Problems that stop a run (the instrument's, or a side file's)."""

    problems: List[Problem]
    def __init__(self, problems: List[Problem], lang: str = ...) -> None: ...

class Named:
    """A text or bytes with the name its problems carry."""

    name: str
    data: Union[str, bytes]
    def __init__(self, name: str, data: Union[str, bytes]) -> None: ...

def named(name: str, data: Union[str, bytes, bytearray, memoryview]) -> Named: ...

Source = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview, Named, dict, BinaryIO, TextIO]
Sources = Union[Source, Iterable[Source], None]

class Results:
    """A scored batch, as ``kip score`` gives it."""

    def json(self) -> str: ...
    @property
    def results(self) -> List[dict]: ...
    @property
    def rejected(self) -> List[dict]: ...
    @property
    def not_assessed(self) -> List[dict]: ...
    @property
    def summary(self) -> dict: ...
    @property
    def warnings(self) -> List[dict]: ...
    @property
    def instrument(self) -> str: ...
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...
    def to_arrow(self) -> Any: ...
    def to_pandas(self) -> Any: ...
    def to_polars(self) -> Any: ...
    def __len__(self) -> int: ...

class Sensitivity:
    """How sure each rank is, as ``kip sensitivity`` gives it."""

    results: Results
    def json(self) -> str: ...
    @property
    def bodies(self) -> List[dict]: ...
    @property
    def mean_rank_shift(self) -> Decimal: ...
    @property
    def weight_influence(self) -> dict: ...
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...
    def to_arrow(self) -> Any: ...
    def to_pandas(self) -> Any: ...
    def to_polars(self) -> Any: ...
    def __len__(self) -> int: ...

class Questionnaire:
    """An instrument planned once, for one body's answers as they change."""

    lang: str
    def __init__(self, instrument: Source, *, lang: str = "id") -> None: ...
    @property
    def instrument(self) -> dict: ...
    def evaluate(self, answers: Union[str, bytes, dict]) -> dict: ...
    def fixes(self, answers: Union[str, bytes, dict]) -> List[dict]: ...

def validate(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    lang: str = "id",
) -> List[Problem]: ...
def score(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    without_stage_scores: bool = False,
    strict: bool = False,
    deadline: Optional[str] = None,
    lang: str = "id",
) -> Results: ...
def sensitivity(
    instrument: Source,
    submissions: Sources = None,
    verification: Sources = None,
    stage_scores: Sources = None,
    roster: Sources = None,
    *,
    samples: int = 1000,
    seed: int = 1,
    weight_spread: Union[str, Decimal, float] = "0.25",
    stage_spread: Union[str, Decimal, float] = "0",
    judge_noise: bool = False,
    without_stage_scores: bool = False,
    strict: bool = False,
    lang: str = "id",
    max_memory: int = ...,
) -> Sensitivity: ...
class Progress:
    def json(self) -> str: ...
    def to_csv(self, locale: str = "intl") -> str: ...
    def to_pandas(self) -> Any: ...
    @property
    def bodies(self) -> List[dict]: ...
    @property
    def total(self) -> dict: ...
    @property
    def by_category(self) -> dict: ...
    @property
    def by_region(self) -> dict: ...
    @property
    def by_superior(self) -> dict: ...
    @property
    def not_on_roster(self) -> List[dict]: ...
    @property
    def unplaced(self) -> List[dict]: ...
    @property
    def warnings(self) -> List[str]: ...

def progress(
    instrument: Source,
    submissions: Sources = None,
    roster: Sources = None,
    *,
    deadline: Optional[str] = None,
    lang: str = "id",
) -> Progress: ...
