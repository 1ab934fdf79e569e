"""The app's models, one module per concern; every public name is importable from here."""

from annotate.models.annotation import Annotation, AnnotationQuerySet, Conflict
from annotate.models.article import Article, ArticleQuerySet
from annotate.models.choices import LABEL_DEFINITIONS, LABEL_KEYS, Label, Status
from annotate.models.documents import ANNOTATION_COLUMNS, iso, one_snapshot
from annotate.models.history import Event, Import, Kind, record
from annotate.models.leads import LEADS_GROUP, is_lead
from annotate.models.measured import article_agreement
from annotate.models.review import NONE, Layer, Verdict, VerdictLabel
from annotate.models.suggesting import (
    CueKindSwitch,
    CuePhrase,
    LearnedSuggester,
    SuggestionDismissal,
)

__all__ = [
    "ANNOTATION_COLUMNS",
    "LABEL_DEFINITIONS",
    "LABEL_KEYS",
    "LEADS_GROUP",
    "Annotation",
    "AnnotationQuerySet",
    "Article",
    "ArticleQuerySet",
    "Conflict",
    "CueKindSwitch",
    "CuePhrase",
    "Event",
    "Import",
    "Kind",
    "Label",
    "Layer",
    "LearnedSuggester",
    "NONE",
    "Status",
    "SuggestionDismissal",
    "Verdict",
    "VerdictLabel",
    "article_agreement",
    "is_lead",
    "iso",
    "one_snapshot",
    "record",
]
