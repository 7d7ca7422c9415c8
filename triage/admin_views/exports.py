"""CSV and XLSX export of the user's triage queue (the same posts as the board, nothing more)."""

import csv
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from ..board import board_administrations, team_queue
from ..deadlines import answer_deadline, is_overdue
from .base import check_board_access

# Spreadsheets run cells starting with these as formulas (CSV injection): such text is
# prefixed with an apostrophe, which makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers():
    return [
        _("id"),
        _("title"),
        _("status"),
        _("administration"),
        _("procedure"),
        _("cluster"),
        _("supports"),
        _("language"),
        _("created"),
        _("deadline"),
        _("overdue"),
        _("answered at"),
        _("URL"),
    ]


def local(moment):
    """Aware datetime -> naive local time (spreadsheets have no time zones)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def cluster_label(post):
    membership = getattr(post, "cluster_membership", None)
    if membership is None or not membership.cluster.is_active:
        return ""
    return str(membership.cluster)


def queue_rows(request, administration=None):
    """One list of values per post of the user's queue, in `headers()` order."""
    now = timezone.now()
    posts = (
        team_queue(request.user, administration)
        .select_related("administration", "procedure", "cluster_membership__cluster")
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=500):
        yield [
            post.pk,
            post.title,
            post.get_status_display(),
            str(post.administration or ""),
            post.procedure.title if post.procedure else "",
            cluster_label(post),
            post.support_count,
            post.language,
            local(post.created_at),
            local(answer_deadline(post)),
            _("yes") if is_overdue(post, now) else _("no"),
            local(post.answered_at),
            request.build_absolute_uri(post.get_absolute_url()),
        ]


def guarded(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Echo:
    """csv.writer writes into this and gets the line back, for a streaming response."""

    def write(self, value):
        return value


class QueueExportView(View):
    extension = ""

    def get(self, request):
        check_board_access(request.user)
        administration = None
        wanted = request.GET.get("administration")
        if wanted:
            # Only a team the user may narrow the board to; anything else: the whole queue.
            choosable = {str(a.pk): a for a in board_administrations(request.user)}
            administration = choosable.get(wanted)
        filename = f"triage-queue-{timezone.localdate():%Y-%m-%d}.{self.extension}"
        response = self.respond(queue_rows(request, administration))
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CsvExportView(QueueExportView):
    extension = "csv"

    def respond(self, rows):
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff"  # byte order mark: spreadsheets then read the UTF-8 accents right
            yield writer.writerow(headers())
            for row in rows:
                yield writer.writerow(
                    [
                        guarded(value.isoformat(sep=" ") if hasattr(value, "isoformat") else value)
                        for value in row
                    ]
                )

        return StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")


class XlsxExportView(QueueExportView):
    extension = "xlsx"

    def respond(self, rows):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Queue"))
        sheet.append(headers())
        for row in rows:
            sheet.append([self.cell(sheet, value) for value in row])
        buffer = BytesIO()
        workbook.save(buffer)
        return HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)

    @staticmethod
    def cell(sheet, value):
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text stays text: openpyxl would store "=..." as a formula
        elif value is not None and hasattr(value, "isoformat"):
            cell.number_format = "yyyy-mm-dd hh:mm"
        return cell
