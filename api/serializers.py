"""What the public API shows. No person appears anywhere: not a post's author, not who answered
(only the administration), no e-mail, username or public name. Fields are listed explicitly so a
new model field never leaks by default."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from clustering.models import Cluster
from ideas.models import OfficialAnswer, Post
from procedures.models import Administration, Procedure


class AdministrationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Administration
        fields = ["id", "name"]
        read_only_fields = fields


class ProcedureRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["id", "title"]
        read_only_fields = fields


class OfficialAnswerSerializer(serializers.ModelSerializer):
    """The administration's public answer; the civil servant who wrote it is not named."""

    administration = AdministrationRefSerializer(read_only=True)

    class Meta:
        model = OfficialAnswer
        fields = ["administration", "body", "created_at"]
        read_only_fields = fields


class PostSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The post's public page.")
    procedure = ProcedureRefSerializer(read_only=True, allow_null=True)
    administration = AdministrationRefSerializer(read_only=True, allow_null=True)
    cluster = serializers.IntegerField(
        source="active_cluster_id",
        read_only=True,
        allow_null=True,
        help_text="Id of the cluster of similar posts (see /api/v1/clusters/).",
    )
    first_answered_at = serializers.SerializerMethodField(
        help_text="When the first official answer was published (null: not answered yet)."
    )
    answers = OfficialAnswerSerializer(many=True, read_only=True)
    duplicate_of = serializers.IntegerField(
        source="public_duplicate_of",
        read_only=True,
        allow_null=True,
        help_text="Id of the public post this one duplicates.",
    )

    class Meta:
        model = Post
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "body",
            "suggestion",
            "language",
            "status",
            "procedure",
            "administration",
            "cluster",
            "support_count",
            "created_at",
            "first_answered_at",
            "answers",
            "duplicate_of",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, post):
        return self.context["request"].build_absolute_uri(post.get_absolute_url())

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_first_answered_at(self, post):
        # Answers are prefetched oldest first: no query per post.
        answers = post.answers.all()
        if not answers:
            return None
        return serializers.DateTimeField().to_representation(answers[0].created_at)


class ProcedureSerializer(serializers.ModelSerializer):
    page_url = serializers.SerializerMethodField(help_text="The procedure's page on this site.")
    catalogue_url = serializers.URLField(source="url", read_only=True)
    administrations = AdministrationRefSerializer(many=True, read_only=True)
    lead_administration = AdministrationRefSerializer(read_only=True, allow_null=True)
    public_post_count = serializers.IntegerField(source="post_count", read_only=True)

    class Meta:
        model = Procedure
        fields = [
            "id",
            "slug",
            "title",
            "page_url",
            "catalogue_url",
            "theme",
            "language",
            "audience",
            "administrations",
            "lead_administration",
            "public_post_count",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, procedure):
        return self.context["request"].build_absolute_uri(procedure.get_absolute_url())


class AdministrationSerializer(serializers.ModelSerializer):
    public_post_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Administration
        fields = ["id", "name", "slug", "public_post_count"]
        read_only_fields = fields


class PostRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ClusterSerializer(serializers.ModelSerializer):
    """Cluster.label, keywords, size, support_total, languages and top_procedures are left out
    on purpose: clustering computes them from every member, internal and hidden posts included
    (the label is a member's title or keywords of all members' texts, or a name a triager typed
    for the team). Only counts over public posts and the title of a public post are shown."""

    public_post_count = serializers.IntegerField(read_only=True)
    public_support_total = serializers.IntegerField(read_only=True)
    representative_post = serializers.SerializerMethodField(
        help_text="The most supported public post of the cluster."
    )

    class Meta:
        model = Cluster
        fields = ["id", "public_post_count", "public_support_total", "representative_post"]
        read_only_fields = fields

    @extend_schema_field(PostRefSerializer)
    def get_representative_post(self, cluster):
        return {"id": cluster.representative_post_id, "title": cluster.representative_post_title}


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    received = serializers.IntegerField()
    answered = serializers.IntegerField()


class StatsSerializer(serializers.Serializer):
    """Figures over public posts (transparency.stats). Only these keys are passed on."""

    received = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_share = serializers.FloatField(min_value=0, max_value=1)
    median_days_to_first_answer = serializers.FloatField(allow_null=True)
    p90_days_to_first_answer = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()
    status_counts = serializers.DictField(child=serializers.IntegerField())
    monthly = MonthSerializer(many=True)


class AdministrationStatsSerializer(StatsSerializer):
    administration_id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField(allow_null=True)


class StatisticsSerializer(serializers.Serializer):
    overall = StatsSerializer()
    administrations = AdministrationStatsSerializer(many=True)
