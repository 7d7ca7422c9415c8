from django.db import migrations

# The languages pages can be translated into (settings.WAGTAIL_CONTENT_LANGUAGES), spelled out:
# a migration must not change when settings do. Wagtail's own migration 0054 already created the
# default locale ("en", from LANGUAGE_CODE), in which the existing pages stay.
CONTENT_LANGUAGES = ["lb", "fr", "de", "en"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    for code in CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_site_domain"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
