"""Forms of the cluster page. Every choice is limited to the cluster's posts in the user's queue,
so a post of another team can never be submitted (the form rejects it before any service runs);
the services check the permission again."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clustering.models import Cluster
from ideas.models import LANGUAGE_CHOICES
from ideas.status import Status
from procedures.models import Administration
from procedures.search import exact_title_matches, ranked, search_procedures

from .models import AnswerTemplate, Merge
from .services.answers import answer_templates_for

WHOLE_CLUSTER = "cluster"
STATUS_CHOICES = [("", gettext_lazy("Keep the current status"))] + list(Status.choices)


class PostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.title}"


class PostsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.title}"


class ClusterForm(forms.Form):
    """A form acting on `cluster`; `posts` are the cluster's posts in the user's queue."""

    def __init__(self, *args, cluster, posts, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.cluster, self.posts, self.user = cluster, posts, user
        for name, field in self.fields.items():
            if isinstance(field, forms.ModelChoiceField) and name in self.post_fields:
                field.queryset = posts
        if "target" in self.fields:
            self.fields["target"].choices = [(WHOLE_CLUSTER, _("All my posts of this cluster"))] + [
                (str(post.pk), f"#{post.pk} {post.title}") for post in posts
            ]

    post_fields = ("post", "posts", "canonical")

    def target_post(self):
        """The chosen post, or None for the whole cluster."""
        target = self.cleaned_data["target"]
        return None if target == WHOLE_CLUSTER else self.posts.get(pk=int(target))


class ProcedureForm(ClusterForm):
    NONE, SEARCH = "none", "search"
    target = forms.ChoiceField(label=gettext_lazy("Apply to"))
    choice = forms.ChoiceField(label=gettext_lazy("Procedure"))
    query = forms.CharField(
        label=gettext_lazy("Search the catalogue"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Used with “Search the catalogue”: words of the procedure's title."),
    )

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggested = {str(s["procedure"].pk): s["procedure"] for s in suggestions}
        self.fields["choice"].choices = [
            (
                str(s["procedure"].pk),
                _("%(title)s (suggested, confidence %(confidence)d%%)")
                % {"title": s["procedure"].title, "confidence": round(100 * s["confidence"])},
            )
            for s in suggestions
        ] + [
            (self.SEARCH, _("Search the catalogue (below)")),
            (self.NONE, _("None of the catalogue's procedures")),
        ]

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if choice == self.NONE:
            data["procedure"] = None
        elif choice == self.SEARCH:
            data["procedure"] = self._searched(data.get("query", ""))
        elif choice:
            data["procedure"] = self.suggested[choice]
        return data

    def _searched(self, query):
        exact = exact_title_matches(query)
        if len(exact) == 1:
            return exact[0]
        matches = list(ranked(search_procedures(query), query)[:6])
        if not matches:
            raise ValidationError(_("No procedure of the catalogue matches “%s”.") % query)
        if len(matches) > 1:
            raise ValidationError(
                _("Several procedures match; type more of the title: %s")
                % "; ".join(p.title for p in matches[:5])
            )
        return matches[0]


class RouteForm(ClusterForm):
    target = forms.ChoiceField(label=gettext_lazy("Apply to"))
    administration = forms.ModelChoiceField(
        label=gettext_lazy("Administration"), queryset=Administration.objects.order_by("name")
    )


class MoveForm(ClusterForm):
    post = PostChoiceField(label=gettext_lazy("Post"), queryset=None)
    nearby = forms.ModelChoiceField(
        label=gettext_lazy("Nearest clusters"), queryset=Cluster.objects.none(), required=False
    )
    cluster_number = forms.IntegerField(
        label=gettext_lazy("Or cluster number"), required=False, min_value=1
    )

    def __init__(self, *args, nearby=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nearby"].queryset = Cluster.objects.filter(pk__in=[c.pk for c in nearby])

    def clean(self):
        data = super().clean()
        number = data.get("cluster_number")
        target = data.get("nearby")
        if number:
            target = Cluster.objects.active().filter(pk=number).first()
            if target is None:
                raise ValidationError(_("There is no active cluster number %d.") % number)
        if target is None:
            raise ValidationError(_("Choose the cluster to move the post to."))
        if target.pk == self.cluster.pk:
            raise ValidationError(_("The post is already in this cluster."))
        data["to_cluster"] = target
        return data


class SplitForm(ClusterForm):
    posts = PostsChoiceField(label=gettext_lazy("Selected posts"), queryset=None)
    split_label = forms.CharField(
        label=gettext_lazy("Label of the new cluster"), required=False, max_length=300
    )


class RenameForm(ClusterForm):
    label = forms.CharField(label=gettext_lazy("New label"), max_length=300)


class MergeForm(ClusterForm):
    posts = PostsChoiceField(label=gettext_lazy("Selected posts"), queryset=None)
    canonical = PostChoiceField(label=gettext_lazy("Canonical post"), queryset=None)
    merge_message = forms.CharField(
        label=gettext_lazy("Public message"), required=False, widget=forms.Textarea
    )

    def clean(self):
        data = super().clean()
        canonical = data.get("canonical")
        if canonical is not None and "posts" in data:
            data["duplicates"] = [p for p in data["posts"] if p.pk != canonical.pk]
            if not data["duplicates"]:
                raise ValidationError(
                    _("Select at least one duplicate besides the canonical post.")
                )
        return data


class UndoMergeForm(ClusterForm):
    merge = forms.ModelChoiceField(label=gettext_lazy("Merge"), queryset=Merge.objects.none())

    def __init__(self, *args, merges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge"].queryset = Merge.objects.filter(pk__in=[m.pk for m in merges])


class AnswerForm(ClusterForm):
    template = forms.ModelChoiceField(
        label=gettext_lazy("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
    )
    body = forms.CharField(
        label=gettext_lazy("Public answer"), max_length=10000, widget=forms.Textarea
    )
    new_status = forms.ChoiceField(
        label=gettext_lazy("New status"), choices=STATUS_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = answer_templates_for(self.user).order_by("title")
        for code, name in LANGUAGE_CHOICES:
            self.fields[f"translation_{code}"] = forms.CharField(
                label=_("Translation: %s") % name,
                required=False,
                max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Sent to the posts written in this language instead of the answer."),
            )

    def translation_fields(self):
        return [self[f"translation_{code}"] for code, _name in LANGUAGE_CHOICES]

    def translations(self):
        return {
            code: self.cleaned_data[f"translation_{code}"].strip()
            for code, _name in LANGUAGE_CHOICES
            if self.cleaned_data.get(f"translation_{code}", "").strip()
        }


class BulkStatusForm(ClusterForm):
    posts = PostsChoiceField(label=gettext_lazy("Selected posts"), queryset=None)
    bulk_status = forms.ChoiceField(label=gettext_lazy("New status"), choices=Status.choices)
    bulk_message = forms.CharField(
        label=gettext_lazy("Public message"), required=False, widget=forms.Textarea
    )
