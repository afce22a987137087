"""Demo articles for `manage.py seed_demo`, from blog/demo_content.py (idempotent)."""

from datetime import timedelta

from django.db import transaction

from blog import demo_content
from blog.models import Article, Category, FAQEntry, Tag
from clients.models import User
from practice.demo import PRACTITIONER_EMAIL


@transaction.atomic
def seed(*, now, stdout):
    author = User.objects.get(email=PRACTITIONER_EMAIL)
    categories = {
        slug: Category.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in demo_content.CATEGORIES
    }
    tags = {
        slug: Tag.objects.update_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in demo_content.TAGS
    }
    created = updated = 0
    for item in demo_content.ARTICLES:
        content = {
            "title": item["title"],
            "summary": item["summary"],
            "body": item["body"],
            "takeaways": "\n".join(item.get("takeaways", [])),
            "category": categories[item["category"][1]],
            "author": author,
            "status": Article.Status.PUBLISHED,
        }
        article = Article.objects.filter(slug=item["slug"]).first()
        if article is None:
            published_at = now - timedelta(days=item["days_ago"])
            article = Article.objects.create(
                slug=item["slug"], published_at=published_at, **content
            )
            # Seeded as if written on its publish date, so it does not read "Updated today".
            Article.objects.filter(pk=article.pk).update(
                created_at=published_at, updated_at=published_at
            )
            created += 1
        elif any(getattr(article, field) != value for field, value in content.items()):
            # Dates are left alone on later runs: the seed is idempotent.
            for field, value in content.items():
                setattr(article, field, value)
            article.save()
            updated += 1
        article.tags.set([tags[slug] for _name, slug in item["tags"]])
        wanted = [(question, answer) for question, answer in item.get("faq", [])]
        have = list(article.faq_entries.values_list("question", "answer"))
        if have != wanted:
            article.faq_entries.all().delete()
            FAQEntry.objects.bulk_create(
                FAQEntry(article=article, question=question, answer=answer, order=order)
                for order, (question, answer) in enumerate(wanted, start=1)
            )
    stdout.write(f"Blog: {len(demo_content.ARTICLES)} articles ({created} new, {updated} updated).")
