"""Open Badges 3.0 credentials for a skill's tier, and their offline verification.

A credential is an OpenBadgeCredential (W3C Verifiable Credentials 2.0 data model) that the
journal's owner issues to themselves: issuer and subject are the owner's did:key, the achievement
is "<Skill> — <Tier>" with the tier rule (the journal's own thresholds) as its criteria, and the
evidence is what the rule looked at — the dates, projects and counts of the skill's applications
and teaching, and each peer's signed review answer embedded whole, so that anyone can re-check the
peer's signature too. It is signed with a Data Integrity proof (eddsa-jcs-2022, trust.proofs),
given as a one-item proof set: the Open Badges 3.0 JSON schema wants `proof` as an array.

Nothing private goes in: no journal entry (private or not), no practice minutes (entries make
them), no notes of applications or teaching events and no contacts. The only free text that can
appear is inside a peer's signed answer (the request it answers carries the application's notes,
as the owner sent them to that peer), which must be embedded unchanged for its signature to hold.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from masterydesk.domain import records as r
from masterydesk.domain.errors import MasteryDeskError
from masterydesk.domain.tiers import TierHistory, tier_history
from masterydesk.services.browse import load_skill_evidence
from masterydesk.services.editing import read_records
from masterydesk.store.database import Journal
from masterydesk.trust import proofs
from masterydesk.trust.documents import read_document
from masterydesk.trust.identity import Identity, journal_identity
from masterydesk.trust.reviews import ANSWER, ReviewRefused, checked_answer

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_CONTEXT_START = "https://purl.imsglobal.org/spec/ob/v3p0/context"
CREDENTIAL_TYPES = ("VerifiableCredential", "OpenBadgeCredential")
ISSUABLE = (r.Tier.APPLIED, r.Tier.MASTERY)
LONGEST_FILE = 32 * 1024 * 1024  # a credential embeds every signed review of a skill: a few kB each


class CredentialRefused(MasteryDeskError):
    """A credential that cannot be issued: one sentence."""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


# --- issuing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Standing:
    """A skill, the tier it holds today, and the evidence (to today) the tier rules looked at."""

    skill: r.Skill
    tier: r.Tier
    history: TierHistory
    applications: tuple[r.Application, ...]
    teaching: tuple[r.TeachingEvent, ...]
    rules: r.TierRules


def skill_standing(journal: Journal, skill_id: str, today: dt.date) -> Standing:
    """The skill's tier as the Skill Map computes it; refused when the skill is unknown or below Applied."""
    bundle, rules, evidence = load_skill_evidence(journal, today)
    skill = next((s for s in bundle.skills if s.id == skill_id), None)
    if skill is None:
        raise CredentialRefused(f"There is no skill {skill_id!r} in {journal.path.name}.")
    history = tier_history(evidence[skill.id], rules)
    tier = history.tier_as_of(today)
    if tier not in ISSUABLE:
        held = "is not started" if tier is r.Tier.NONE else f"is at {tier.label}"
        raise CredentialRefused(
            f"{skill.name} {held}; only a skill at Applied or Mastery can be issued as a credential.")
    found = evidence[skill.id]
    return Standing(skill, tier, history, _to_day(found.applications, today), _to_day(found.teaching, today), rules)


def _to_day(records: tuple, today: dt.date) -> tuple:
    """The records dated on or before today, oldest first (the tier as of today looks at no others)."""
    dated = [record for record in records if record.date <= today]
    return tuple(sorted(dated, key=lambda record: (record.date, record.id)))


def issue_credential(journal: Journal, skill_id: str, today: dt.date | None = None) -> dict:
    """A signed Open Badges 3.0 credential for a skill at Applied or Mastery."""
    standing = skill_standing(journal, skill_id, today or dt.date.today())
    owner = journal_identity(journal)
    title = f"{standing.skill.name} — {standing.tier.label}"
    document = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": list(CREDENTIAL_TYPES),
        "issuer": {"id": owner.did, "type": ["Profile"], "name": owner.name},
        "validFrom": proofs.now_stamp(),
        "name": title,
        "description": f"{owner.name} holds {title}, as their MasteryDesk journal shows it from the evidence below.",
        "credentialSubject": {
            "id": owner.did, "type": ["AchievementSubject"], "achievement": _achievement(standing, owner, title),
        },
        "evidence": _evidence(journal, standing, owner),
    }
    return sign_credential(document, owner)


def sign_credential(document: dict, identity: Identity) -> dict:
    """The credential with the identity's proof, as a one-item proof set (any proof it had is replaced)."""
    signed = proofs.sign({name: value for name, value in document.items() if name != "proof"}, identity)
    return {**signed, "proof": [signed["proof"]]}


def _achievement(standing: Standing, owner: Identity, title: str) -> dict:
    # The same skill at the same tier is the same achievement each time it is issued.
    stable = uuid.uuid5(uuid.NAMESPACE_URL, f"{owner.did}/skills/{standing.skill.id}/{standing.tier.value}")
    reach = "applied in real work and reviewed by a peer"
    if standing.tier is r.Tier.MASTERY:
        reach += ", then taught to others and used in a new context"
    return {
        "id": f"urn:uuid:{stable}", "type": ["Achievement"], "name": title,
        "description": f"{standing.skill.name}, {reach}.",
        "criteria": {"narrative": criteria_narrative(standing.tier, standing.rules)},
    }


def criteria_narrative(tier: r.Tier, rules: r.TierRules) -> str:
    """The tier rule in words (DESIGN.md, Tier rules), with the thresholds the journal used."""
    reviewed = (
        f", and at least {rules.applied_min_reviewed} of them reviewed by a peer with a quality of "
        f"{rules.applied_min_quality} or more out of 5" if rules.applied_min_reviewed else ""
    )
    applied = (
        f"Applied: at least {_count(rules.applied_min_applications, 'application')} of the skill in real work, "
        f"dated on at least {_count(rules.applied_min_days, 'different day')}{reviewed}."
    )
    if tier is not r.Tier.MASTERY:
        return applied
    novel = (
        f", and at least {_count(rules.mastery_min_novel, 'application')} in a new context dated on or after "
        "the day Applied was reached" if rules.mastery_min_novel else ""
    )
    return applied + (
        f" Mastery: Applied reached, and at least {_count(rules.mastery_min_teaching, 'teaching event')} dated on "
        f"at least {_count(rules.mastery_min_teaching_days, 'different day')} whose mean rating (at least one rated) "
        f"is {rules.mastery_min_mean_rating:g} or more out of 5{novel}."
    )


def _evidence(journal: Journal, standing: Standing, owner: Identity) -> list[dict]:
    projects = _project_names(journal, standing.applications)
    reviews = {a.id: _signed_review(a, owner.did) for a in standing.applications}
    return [
        _summary(standing, projects, sum(review is not None for review in reviews.values())),
        *(_application_evidence(a, projects, reviews[a.id]) for a in standing.applications),
        *(_teaching_evidence(t) for t in standing.teaching),
    ]


def _project_names(journal: Journal, applications: tuple[r.Application, ...]) -> dict[str, str]:
    ids = sorted({a.project_id for a in applications if a.project_id})
    return {p.id: p.name for p in read_records(journal, "projects", ids).projects} if ids else {}


def _days(dates: list[dt.date]) -> str:
    """'on 2025-03-02', or 'on 3 days from 2025-03-02 to 2025-03-09'."""
    days = sorted(set(dates))
    if len(days) == 1:
        return f"on {days[0].isoformat()}"
    return f"on {len(days)} days from {days[0].isoformat()} to {days[-1].isoformat()}"


def _summary(standing: Standing, projects: dict[str, str], signed: int) -> dict:
    """The counts and dates, in one evidence item a reader takes in at a glance."""
    applications, teaching = standing.applications, standing.teaching
    reviewed = sum(a.reviewer_id is not None and a.quality is not None for a in applications)
    parts = [
        f"{_count(len(applications), 'application')} {_days([a.date for a in applications])}",
        f"{reviewed} reviewed by a peer ({signed} with a signed review embedded below)",
        f"{sum(a.novel_context for a in applications)} in a new context",
    ]
    if teaching:
        ratings = [t.rating for t in teaching if t.rating is not None]
        rated = f", mean rating {sum(ratings) / len(ratings):.1f}/5" if ratings else ""
        parts.append(f"{_count(len(teaching), 'teaching event')} {_days([t.date for t in teaching])}{rated}")
    used = sorted({projects[a.project_id] for a in applications if a.project_id in projects})
    if used:
        parts.append("projects: " + ", ".join(used))
    reached = [f"Applied reached on {standing.history.applied_on.isoformat()}"]
    if standing.tier is r.Tier.MASTERY:
        reached.append(f"Mastery reached on {standing.history.mastery_on.isoformat()}")
    return {
        "type": ["Evidence"], "genre": "Summary", "name": f"{standing.skill.name} in practice",
        "description": "; ".join(parts) + ". " + "; ".join(reached) + ".",
    }


def _signed_review(application: r.Application, owner_did: str) -> dict | None:
    """The application's signed review answer, when it holds and answers this journal's request for it."""
    if not application.review:
        return None
    try:
        answer = checked_answer(json.loads(application.review))
    except (ReviewRefused, ValueError, RecursionError):
        return None  # a damaged answer would make the whole credential fail; the summary counts only those that hold
    request = answer["request"]
    if request["requester"].get("did") != owner_did or request["application"].get("id") != application.id:
        return None
    return answer


def _application_evidence(application: r.Application, projects: dict[str, str], review: dict | None) -> dict:
    where = f" in {projects[application.project_id]}" if application.project_id in projects else ""
    novel = ", in a new context" if application.novel_context else ""
    if review is not None:
        reviewed = f"; reviewed by {review['reviewer']['name']}: quality {review['quality']}/5, signed review embedded"
    elif application.reviewer_id is not None and application.quality is not None:
        reviewed = f"; reviewed by a peer: quality {application.quality}/5, not signed"
    else:
        reviewed = ""
    item = {
        "type": ["Evidence"], "genre": "Application", "name": f"Application of {application.date.isoformat()}",
        "description": f"Applied{where}{novel}{reviewed}.",
    }
    if review is not None:
        item["review"] = review
    return item


def _teaching_evidence(event: r.TeachingEvent) -> dict:
    audience = "1 person" if event.audience_size == 1 else f"{event.audience_size} people"
    rated = f", rated {event.rating}/5" if event.rating is not None else ""
    kind = event.format.value.replace("_", " ")
    return {
        "type": ["Evidence"], "genre": "Teaching", "name": f"Teaching of {event.date.isoformat()}",
        "description": f"Taught ({kind}) for {audience}{rated}.",
    }


# --- reading and verifying ---------------------------------------------------------------------


def read_credential_file(path: Path) -> dict:
    """A credential file's JSON object; UnreadableDocument (one sentence) for anything else."""
    return read_document(path, "a credential", LONGEST_FILE)


@dataclass(frozen=True)
class Verification:
    """What a credential's signatures say: who vouches for what, and what no longer holds."""

    vouches: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    signatures: int = 0  # checked: the credential's own, and each embedded review's
    issuer: str = ""  # the issuer's id (a did:key for MasteryDesk credentials)
    issuer_name: str = ""
    achievement: str = ""

    @property
    def valid(self) -> bool:
        return not self.problems and self.signatures > 0

    def as_json(self) -> dict:
        return {"valid": self.valid, "signatures": self.signatures, "problems": list(self.problems),
                "vouches": list(self.vouches), "issuer": {"id": self.issuer, "name": self.issuer_name},
                "achievement": self.achievement}


def verify_credential(document: object) -> Verification:
    """Check the credential's proof, its shape and every embedded review's proof; offline, without a journal."""
    if not isinstance(document, dict):
        return Verification(problems=["This is not a credential: it is not a JSON object."])
    issuer, issuer_name = _issuer(document)
    achievement = _text(document, "credentialSubject", "achievement", "name")
    problems = _shape_problems(document, issuer, achievement)
    signed, proof_problems = _check_proofs(document, issuer, issuer_name)
    problems += proof_problems
    vouches = [] if problems else [_issuer_vouch(document, issuer, issuer_name, achievement)]
    review_vouches, review_problems = _check_reviews(document.get("evidence"), issuer)
    return Verification(vouches + review_vouches, problems + review_problems,
                        signed + len(review_vouches) + len(review_problems), issuer, issuer_name, achievement)


def _text(document: dict, *keys: str) -> str:
    """The string at the keys' path, or '' when any step is missing or not what it should be."""
    value: object = document
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else ""


def _issuer(document: dict) -> tuple[str, str]:
    issuer = document.get("issuer")
    if isinstance(issuer, str):
        return issuer, issuer
    return _text(document, "issuer", "id"), _text(document, "issuer", "name") or "The issuer"


def _shape_problems(document: dict, issuer: str, achievement: str) -> list[str]:
    problems = []
    context, types = document.get("@context"), document.get("type")
    if not (isinstance(context, list) and context[:1] == [VC_CONTEXT]
            and any(isinstance(c, str) and c.startswith(OB_CONTEXT_START) for c in context)):
        problems.append("The credential's @context is not Verifiable Credentials 2.0 with Open Badges 3.0.")
    if not (isinstance(types, list) and "VerifiableCredential" in types
            and ("OpenBadgeCredential" in types or "AchievementCredential" in types)):
        problems.append("The credential's type is not VerifiableCredential and OpenBadgeCredential.")
    if not issuer:
        problems.append("The credential does not name its issuer's id.")
    if not isinstance(document.get("credentialSubject"), dict) or not achievement:
        problems.append("The credential has no credentialSubject with a named achievement.")
    if not isinstance(document.get("evidence", []), list):
        problems.append("The credential's evidence is not a list.")
    return problems + _validity_problems(document)


def _moment(text: object) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _validity_problems(document: dict) -> list[str]:
    now = dt.datetime.now(dt.timezone.utc)
    valid_from, valid_until = _moment(document.get("validFrom")), document.get("validUntil")
    if valid_from is None:
        return ["The credential has no validFrom date and time with its time zone."]
    if valid_from > now:
        return [f"The credential is valid only from {document['validFrom']}."]
    if valid_until is not None and (_moment(valid_until) is None or _moment(valid_until) < now):
        return [f"The credential was valid only until {valid_until}."]
    return []


def _check_proofs(document: dict, issuer: str, issuer_name: str) -> tuple[int, list[str]]:
    """How many proofs were checked, and what does not hold: each must, and one must be the issuer's."""
    proof = document.get("proof")
    proof_set = proof if isinstance(proof, list) else [] if proof is None else [proof]
    if not proof_set:
        return 0, ["The credential carries no proof, so nobody vouches for it."]
    problems, signers = [], set()
    for each in proof_set:
        checked = proofs.check({**document, "proof": each})
        if checked.valid:
            signers.add(checked.signer)
        else:
            problems.append(f"The credential's proof does not hold: {checked.problem}.")
    if not problems and issuer not in signers:
        problems.append(f"The credential is not signed by its issuer, {issuer_name} ({issuer or 'no id'}).")
    return len(proof_set), problems


def _issuer_vouch(document: dict, issuer: str, issuer_name: str, achievement: str) -> str:
    subject = _text(document, "credentialSubject", "id")
    if subject and subject != issuer:
        return f"{issuer_name} ({issuer}) vouches that {subject} holds {achievement}."
    return f"{issuer_name} ({issuer}) vouches for {achievement}."


def _check_reviews(evidence: object, issuer: str) -> tuple[list[str], list[str]]:
    vouches, problems = [], []
    for item in evidence if isinstance(evidence, list) else []:
        if isinstance(item, dict) and "review" in item:
            vouch, problem = _check_review(item["review"], issuer, _text(item, "name") or "an evidence item")
            (vouches if vouch else problems).append(vouch or problem)
    return vouches, problems


def _check_review(answer: object, issuer: str, where: str) -> tuple[str, str]:
    """('<Peer> (did) reviewed the application of <date>: quality q/5.', '') or ('', what does not hold)."""
    if not isinstance(answer, dict) or answer.get("type") != ANSWER:
        return "", f"The review in {where} is not a MasteryDesk review answer."
    try:
        checked_answer(answer)
    except ReviewRefused as error:
        return "", str(error)
    reviewer, request = answer["reviewer"], answer["request"]
    if request["requester"].get("did") != issuer:
        return "", f"The review by {reviewer['name']} answers a request from someone else than the credential's issuer."
    if reviewer["did"] == issuer:
        return "", f"The review by {reviewer['name']} in {where} is signed by the issuer's own key: " \
                   "a review signed by the issuer's own key vouches for nothing."
    date = request["application"]["date"]
    vouch = f"{reviewer['name']} ({reviewer['did']}) reviewed the application of {date}: quality {answer['quality']}/5."
    return vouch, ""
