"""Demo articles for `manage.py seed_demo` (idempotent).

The data is blog/demo_data/: blog.toml (categories and tags) and one Markdown file per article
in articles/, its header holding the title, summary, category, tags, publish date (days from
now, such as "-12d"), takeaways and FAQ entries.
"""

from pathlib import Path

from django.db import transaction

from blog.models import Article, Category, FAQEntry, Tag
from clients.models import User
from practice.demo import PRACTITIONER_EMAIL, days_from_now, read_document, read_toml, row_seed

DATA = Path(__file__).with_name("demo_data")
ARTICLES = DATA / "articles"


@transaction.atomic
def seed(*, now, stdout):
    author = User.objects.get(email=PRACTITIONER_EMAIL)
    names = read_toml(DATA / "blog.toml")
    categories = {
        slug: row_seed(Category, slug=slug, values={"name": name})[0]
        for slug, name in names["categories"].items()
    }
    tags = {
        slug: row_seed(Tag, slug=slug, values={"name": name})[0]
        for slug, name in names["tags"].items()
    }
    articles = []
    for path in ARTICLES.glob("*.md"):
        header, body = read_document(path)
        published_at = days_from_now(header["published"], now=now, source=path)
        articles.append((published_at, header, body))
    created = updated = 0
    # Oldest first, so the articles' ids follow their publication.
    for published_at, item, body in sorted(articles, key=lambda article: article[0]):
        article, was_created, was_updated = row_seed(
            Article,
            slug=item["slug"],
            values={
                "title": item["title"],
                "summary": item["summary"],
                "body": body,
                "takeaways": "\n".join(item.get("takeaways", [])),
                "category": categories[item["category"]],
                "author": author,
                "status": Article.Status.PUBLISHED,
            },
            # Dates are left alone on later runs: the seed is idempotent.
            on_create={"published_at": published_at},
        )
        if was_created:
            # Seeded as if written on its publish date, so it does not read "Updated today".
            Article.objects.filter(pk=article.pk).update(
                created_at=published_at, updated_at=published_at
            )
            created += 1
        updated += was_updated
        article.tags.set([tags[slug] for slug in item["tags"]])
        wanted = [(entry["question"], entry["answer"]) for entry in item.get("faq", [])]
        have = list(article.faq_entries.values_list("question", "answer"))
        if have != wanted:
            article.faq_entries.all().delete()
            FAQEntry.objects.bulk_create(
                FAQEntry(article=article, question=question, answer=answer, order=order)
                for order, (question, answer) in enumerate(wanted, start=1)
            )
    stdout.write(f"Blog: {len(articles)} articles ({created} new, {updated} updated).")
