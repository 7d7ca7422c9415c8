from celery import shared_task


@shared_task
def regenerate_exports():  # placeholder: the helper makes it call opendata.services
    return None
