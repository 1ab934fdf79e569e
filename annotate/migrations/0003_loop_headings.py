from django.db import migrations, models

from annotate import sentences as sentencelib
from annotate import text as textlib


def compute_headings(apps, schema_editor):
    """Old articles get their headings, and progress without them, as a save now gives."""
    Article = apps.get_model("annotate", "Article")
    Annotation = apps.get_model("annotate", "Annotation")
    for article in Article.objects.only("id", "title", "text", "sentences").iterator():
        headings = sentencelib.heading_spans(article.text, article.sentences, title=article.title)
        if not headings:
            continue
        skip = set(headings)
        body = [span for span in article.sentences if tuple(span) not in skip]
        spans = Annotation.objects.filter(article_id=article.pk, orphaned=False).values_list(
            "start", "end"
        )
        Article.objects.filter(pk=article.pk).update(
            headings=[list(span) for span in headings],
            sentences_tagged=textlib.count_tagged(body, spans),
        )


class Migration(migrations.Migration):
    dependencies = [("annotate", "0002_orphaned_and_version")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="headings",
            field=models.JSONField(default=list, editable=False),
        ),
        migrations.RunPython(compute_headings, migrations.RunPython.noop),
    ]
