from dataclasses import dataclass

# The kinds of personal data the detectors find, in the order of precedence when two findings
# overlap with the same length (a checksum-validated number wins over a shape).
KINDS = ("email", "iban", "national_id", "phone", "licence_plate", "address")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int
    end: int

    def as_dict(self):
        return {"kind": self.kind, "start": self.start, "end": self.end}

    def overlaps(self, other):
        return self.start < other.end and other.start < self.end
