from django.db import migrations, models

from annotate import agreement
from annotate import sentences as sentencelib


def compute_headings(apps, schema_editor):
    """Old articles get their headings, and what their columns say without them (progress,
    what each sentence says, each layer's counts), as Article.refresh_progress gives now."""
    from annotate.models.article import layer_counts

    Article = apps.get_model("annotate", "Article")
    Layer = apps.get_model("annotate", "Layer")
    Verdict = apps.get_model("annotate", "Verdict")
    for article in Article.objects.only("id", "title", "text", "sentences").iterator():
        headings = sentencelib.heading_spans(article.text, article.sentences, title=article.title)
        if not headings:
            continue
        skip = set(headings)
        body = [span for span in article.sentences if tuple(span) not in skip]
        spans: dict[int, list] = {}
        rows = article.annotations.filter(orphaned=False)
        for editor_id, start, end, label in rows.values_list("editor_id", "start", "end", "label"):
            spans.setdefault(editor_id, []).append((start, end, label))
        layers = {layer.editor_id: layer for layer in Layer.objects.filter(article_id=article.pk)}
        views = [
            agreement.Layer(str(e), spans.get(e, []), layers[e].finished_at is not None)
            for e in sorted(layers)
        ]
        verdicts = Verdict.objects.filter(article_id=article.pk)
        labels = agreement.sentence_labels(body, views, verdicts.values_list("start", "end", "label"))
        covering = [agreement.covering_labels(body, spans.get(e, [])) for e in sorted(spans)]
        Article.objects.filter(pk=article.pk).update(
            headings=[list(span) for span in headings],
            sentences_tagged=sum(1 for values in zip(*covering) if any(values)),
            sentence_labels=agreement.count_sentence_labels(labels),
        )
        for e, view in zip(sorted(layers), views):
            layers[e].counts = layer_counts(agreement.layer_values(body, view))
        Layer.objects.bulk_update(list(layers.values()), ["counts"])


class Migration(migrations.Migration):
    dependencies = [("annotate", "0004_suggest2_suggested_by")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="headings",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(compute_headings, migrations.RunPython.noop),
    ]
