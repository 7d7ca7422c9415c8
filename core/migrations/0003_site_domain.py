from django.db import migrations


def name_the_site(apps, schema_editor):
    """django.contrib.sites names e-mails (allauth subjects); replace example.com."""
    Site = apps.get_model("sites.Site")
    Site.objects.update_or_create(
        pk=1, defaults={"domain": "127.0.0.1:8000", "name": "Simplify Together"}
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_create_homepage"), ("sites", "0002_alter_domain_unique")]
    operations = [migrations.RunPython(name_the_site, migrations.RunPython.noop)]
