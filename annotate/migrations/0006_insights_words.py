from django.db import migrations, models


def fill(apps, schema_editor):
    """Existing articles: their words, counted as Article.save counts them."""
    from annotate import text as textlib

    Article = apps.get_model("annotate", "Article")
    changed = []
    for article in Article.objects.only("id", "text").iterator(chunk_size=500):
        article.words = textlib.count_words(article.text)
        changed.append(article)
        if len(changed) == 500:
            Article.objects.bulk_update(changed, ["words"])
            changed = []
    Article.objects.bulk_update(changed, ["words"])


class Migration(migrations.Migration):
    dependencies = [
        ("annotate", "0005_loop_headings"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="words",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
