"""Open Badges 3.0 credentials: issued from a real journal whose skill reached Applied with a peer's
signed review, verified offline; one changed character anywhere named as what no longer holds; the
published OB 3.0 JSON schema met; nothing private in the bytes; a skill below Applied refused; and
the same through the command line."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from masterydesk.domain import records as r
from masterydesk.services.transfer import export_bundle
from masterydesk.store.database import open_journal
from masterydesk.trust.credentials import (
    CredentialRefused,
    issue_credential,
    read_credential_file,
    sign_credential,
    verify_credential,
)
from masterydesk.trust import proofs
from masterydesk.trust.did_key import ALPHABET
from masterydesk.trust.documents import UnreadableDocument
from masterydesk.trust.identity import journal_identity, set_owner_name
from masterydesk.trust.reviews import answer_request, import_answer, review_request
from tests.builders import D, app, contact, fill, skill, teach
from tests.interchange.helpers import is_one_sentence, run_cli

SCHEMAS = Path(__file__).parent / "schemas"
PRIVATE_ENTRY, PUBLIC_ENTRY = "PRIVATE-ENTRY-MARKER-7731", "PUBLIC-ENTRY-MARKER-7732"
OTHER_NOTES = ("APPLICATION-NOTE-MARKER-7733", "TEACHING-NOTE-MARKER-7734", "CONTACT-NOTE-MARKER-7735",
               "SKILL-DESCRIPTION-MARKER-7736")
COMMENT = "Clear and well tested."


def make_owner(path: Path) -> None:
    """Ann's journal: SQL applied three times on two days (one reviewed by Priya, signed), Python only begun."""
    journal = open_journal(path, create=True)
    fill(journal,
         skills=[skill("sql", name="SQL", description=OTHER_NOTES[3]), skill("py", name="Python"), skill("go", name="Go")],
         projects=[r.Project("billing", "Billing", r.ProjectStatus.ACTIVE)],
         contacts=[contact("sam", name="Sam", notes=OTHER_NOTES[2])],
         applications=[app("a1", "sql", D(2025, 3, 2), project_id="billing", notes="window functions"),
                       app("a2", "sql", D(2025, 3, 2), notes=OTHER_NOTES[0]),
                       app("a3", "sql", D(2025, 3, 9)),
                       app("p1", "py", D(2025, 3, 9))],
         teaching=[teach("t1", "sql", D(2025, 4, 1), rating=5, audience_size=30, contact_id="sam", notes=OTHER_NOTES[1])],
         journal=[r.JournalEntry("e1", D(2025, 3, 2), r.EntryKind.PRACTICE, f"secret {PRIVATE_ENTRY}",
                                 minutes=45, skill_ids=("sql",), private=True),
                  r.JournalEntry("e2", D(2025, 3, 3), r.EntryKind.REFLECTION, f"open {PUBLIC_ENTRY}", skill_ids=("sql",))])
    set_owner_name(journal, "Ann Smith")
    journal.close()


def review_by_peer(owner_path: Path, peer_path: Path, application_id: str = "a1") -> None:
    """Priya answers Ann's request from her own journal; Ann imports the signed answer."""
    owner, peer = open_journal(owner_path), open_journal(peer_path, create=True)
    set_owner_name(peer, "Priya Patel")
    import_answer(owner, answer_request(review_request(owner, application_id), journal_identity(peer), 4, COMMENT))
    owner.close()
    peer.close()


@pytest.fixture
def owner_path(tmp_path) -> Path:
    path = tmp_path / "ann.sqlite"
    make_owner(path)
    review_by_peer(path, tmp_path / "priya.sqlite")
    return path


@pytest.fixture
def owner(owner_path):
    journal = open_journal(owner_path)
    yield journal
    journal.close()


@pytest.fixture
def credential(owner) -> dict:
    return issue_credential(owner, "sql")


def review_item(document: dict) -> dict:
    return next(item for item in document["evidence"] if "review" in item)


def test_an_issued_credential_holds_and_says_who_vouches(owner, credential):
    ann = journal_identity(owner)
    verification = verify_credential(credential)
    assert verification.valid and verification.problems == []
    priya_did = review_item(credential)["review"]["reviewer"]["did"]
    assert verification.vouches == [
        f"Ann Smith ({ann.did}) vouches for SQL — Applied.",
        f"Priya Patel ({priya_did}) reviewed the application of 2025-03-02: quality 4/5.",
    ]
    assert verification.as_json() == {
        "valid": True, "signatures": 2, "problems": [], "vouches": verification.vouches,
        "issuer": {"id": ann.did, "name": "Ann Smith"}, "achievement": "SQL — Applied"}


def test_the_credential_is_an_open_badge_of_the_owner(owner, credential):
    ann = journal_identity(owner)
    assert credential["@context"] == ["https://www.w3.org/ns/credentials/v2",
                                      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"].startswith("urn:uuid:") and credential["name"] == "SQL — Applied"
    assert credential["issuer"] == {"id": ann.did, "type": ["Profile"], "name": "Ann Smith"}
    subject = credential["credentialSubject"]
    assert subject["id"] == ann.did and subject["type"] == ["AchievementSubject"]
    assert subject["achievement"]["name"] == "SQL — Applied"
    assert subject["achievement"]["criteria"]["narrative"].startswith(
        "Applied: at least 3 applications of the skill in real work, dated on at least 2 different days, and at "
        "least 1 of them reviewed by a peer with a quality of 3 or more out of 5.")
    assert [item["genre"] for item in credential["evidence"]] == ["Summary", "Application", "Application",
                                                                  "Application", "Teaching"]
    summary = credential["evidence"][0]["description"]
    assert "3 applications on 2 days from 2025-03-02 to 2025-03-09" in summary and "projects: Billing" in summary
    stored = next(a for a in export_bundle(owner).applications if a.id == "a1")
    assert json.loads(stored.review) == review_item(credential)["review"]  # embedded whole, as imported
    assert review_item(credential)["review"]["comment"] == COMMENT
    assert credential["proof"][0]["cryptosuite"] == "eddsa-jcs-2022"


def test_the_same_achievement_keeps_its_id_when_issued_again(owner, credential):
    again = issue_credential(owner, "sql")
    assert again["id"] != credential["id"]
    assert again["credentialSubject"]["achievement"]["id"] == credential["credentialSubject"]["achievement"]["id"]


def one_character_changed(text: str) -> str:
    """The text with its last character replaced (by another base58 digit, so a proofValue stays readable)."""
    last = text[-1]
    return text[:-1] + (ALPHABET[(ALPHABET.index(last) + 1) % len(ALPHABET)] if last in ALPHABET else "x")


def change_name(document):
    document["name"] = one_character_changed(document["name"])


def change_review_comment(document):
    review = review_item(document)["review"]
    review["comment"] = one_character_changed(review["comment"])


def change_proof(document):
    document["proof"][0]["proofValue"] = one_character_changed(document["proof"][0]["proofValue"])


@pytest.mark.parametrize("change, problems", [
    (change_name, ["The credential's proof does not hold: the signature of did:key:"]),
    (change_proof, ["The credential's proof does not hold: "]),
    (change_review_comment, ["The credential's proof does not hold: the signature of did:key:",
                             "The review by Priya Patel does not hold: the signature of did:key:"]),
])
def test_one_changed_character_anywhere_is_named(credential, change, problems):
    changed = copy.deepcopy(credential)
    change(changed)
    verification = verify_credential(changed)
    assert not verification.valid and not verification.as_json()["valid"]
    assert len(verification.problems) == len(problems)
    for problem, start in zip(verification.problems, problems):
        assert problem.startswith(start) and is_one_sentence(problem)
    assert not any("vouches for" in vouch for vouch in verification.vouches)


def test_a_review_of_someone_elses_work_does_not_vouch_even_when_re_signed(owner, credential, tmp_path):
    peer = open_journal(tmp_path / "priya.sqlite")
    fill(peer, skills=[skill("sql", name="SQL")], applications=[app("q1", "sql", D(2025, 5, 5))])
    foreign = answer_request(review_request(peer, "q1"), journal_identity(owner), 5, "Great work.")
    peer.close()
    forged = copy.deepcopy(credential)
    review_item(forged)["review"] = foreign
    verification = verify_credential(sign_credential(forged, journal_identity(owner)))
    assert verification.problems == [
        "The review by Ann Smith answers a request from someone else than the credential's issuer."]
    assert not verification.valid


def test_a_review_signed_by_the_issuers_own_key_vouches_for_nothing(owner, credential):
    ann = journal_identity(owner)
    forged = copy.deepcopy(credential)
    answer = review_item(forged)["review"]
    own = {key: value for key, value in answer.items() if key != "proof"}
    own["reviewer"] = {"name": ann.name, "did": ann.did}  # the issuer answering their own request
    review_item(forged)["review"] = proofs.sign(own, ann)

    verification = verify_credential(sign_credential(forged, ann))

    assert verification.problems == [
        "The review by Ann Smith in " + review_item(forged)["name"] + " is signed by the issuer's own key: "
        "a review signed by the issuer's own key vouches for nothing."]
    assert is_one_sentence(verification.problems[0])
    assert not verification.valid
    assert not any("reviewed the application" in vouch for vouch in verification.vouches)


def test_a_credential_signed_by_another_key_than_its_issuers_does_not_hold(credential, tmp_path):
    stranger = open_journal(tmp_path / "mallory.sqlite", create=True)
    verification = verify_credential(sign_credential(credential, journal_identity(stranger)))
    stranger.close()
    assert verification.problems == [f"The credential is not signed by its issuer, Ann Smith ({credential['issuer']['id']})."]


@pytest.mark.parametrize("document", [
    [], "text", {}, {"proof": "x"}, {"proof": [1, None]}, {"evidence": [{"review": 3}], "proof": []},
    {"@context": [], "issuer": {"id": 5}, "credentialSubject": [], "validFrom": "yesterday"},
])
def test_anything_else_is_refused_with_sentences_not_a_crash(document):
    verification = verify_credential(document)
    assert not verification.valid and verification.problems
    assert all(is_one_sentence(problem) for problem in verification.problems)


def schema_validator():
    import jsonschema  # the test extra's: a missing one fails the test, never skips it

    schema = json.loads((SCHEMAS / "achievementcredential.json").read_text("utf-8"))
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema, format_checker=jsonschema.FormatChecker())


def test_the_credential_meets_the_published_open_badges_schema(credential):
    validator = schema_validator()
    example = json.loads((SCHEMAS / "basic-openbadgecredential-example.json").read_text("utf-8"))
    assert list(validator.iter_errors(example)) == []  # the copy of the schema reads the spec's own example
    assert [error.message for error in validator.iter_errors(credential)] == []
    without_criteria = copy.deepcopy(credential)
    del without_criteria["credentialSubject"]["achievement"]["criteria"]
    assert list(validator.iter_errors(without_criteria))  # and the schema does bite
    single_proof = {**credential, "proof": credential["proof"][0]}
    assert list(validator.iter_errors(single_proof))  # why the proof is written as a proof set
    assert verify_credential(single_proof).valid  # though a single proof, as VC 2.0 allows, still verifies


def test_nothing_private_is_in_the_credential(credential):
    text = json.dumps(credential, ensure_ascii=False)
    for marker in (PRIVATE_ENTRY, PUBLIC_ENTRY, *OTHER_NOTES, "Sam"):
        assert marker not in text
    # The notes the owner sent to Priya with the request are in her signed answer, which must stay whole.
    assert "window functions" in json.dumps(review_item(credential)["review"])


def test_mastery_is_issued_with_its_rule_and_date(owner_path):
    journal = open_journal(owner_path)
    fill(journal,
         teaching=[teach("t2", "sql", D(2025, 4, 2), rating=4), teach("t3", "sql", D(2025, 4, 2), rating=5)],
         applications=[app("a4", "sql", D(2025, 4, 3), novel_context=True)])
    credential = issue_credential(journal, "sql")
    journal.close()
    assert credential["name"] == "SQL — Mastery"
    narrative = credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert " Mastery: Applied reached, and at least 3 teaching events dated on at least 2 different days" in narrative
    assert "Applied reached on 2025-03-09; Mastery reached on 2025-04-03." in credential["evidence"][0]["description"]
    assert verify_credential(credential).valid


@pytest.mark.parametrize("skill_id, refusal", [
    ("py", "Python is at Foundation; only a skill at Applied or Mastery can be issued as a credential."),
    ("go", "Go is not started; only a skill at Applied or Mastery can be issued as a credential."),
    ("nope", "There is no skill 'nope' in ann.sqlite."),
])
def test_a_skill_below_applied_or_unknown_is_refused(owner, skill_id, refusal):
    with pytest.raises(CredentialRefused) as refused:
        issue_credential(owner, skill_id)
    assert str(refused.value) == refusal


@pytest.mark.parametrize("content, reason", [
    (b"{not json", "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1))."),
    (b"[1, 2]", ": it holds no JSON object."),
    (b'{"a": NaN}', "(NaN is not a JSON number)."),
    (b"\xff\xfe", "(it is not UTF-8 text)."),
])
def test_a_file_that_is_not_a_credential_is_one_sentence(tmp_path, content, reason):
    path = tmp_path / "credential.json"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as refused:
        read_credential_file(path)
    assert str(refused.value) == f"credential.json cannot be read as a credential {reason}".replace(" :", ":")
    assert is_one_sentence(str(refused.value))


def test_a_credential_by_the_command_line(owner_path, tmp_path):
    out = tmp_path / "sql-credential.json"
    issued = run_cli("credential", "issue", "--skill", "sql", "--out", str(out), "--db", str(owner_path))
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.startswith("Wrote the credential 'SQL — Applied' to ")
    written = out.read_bytes()
    assert all(marker.encode() not in written for marker in (PRIVATE_ENTRY, PUBLIC_ENTRY, *OTHER_NOTES))

    verified = run_cli("credential", "verify", str(out))
    assert verified.returncode == 0, verified.stderr
    lines = verified.stdout.splitlines()
    assert lines[0].startswith("Ann Smith (did:key:z6Mk") and lines[0].endswith(") vouches for SQL — Applied.")
    assert lines[1].startswith("Priya Patel (did:key:z6Mk") and lines[1].endswith("reviewed the application of 2025-03-02: quality 4/5.")
    assert lines[-1] == "The credential holds."
    as_json = json.loads(run_cli("credential", "verify", str(out), "--json").stdout)
    assert (as_json["valid"], as_json["signatures"], as_json["problems"]) == (True, 2, [])

    out.write_text(out.read_text("utf-8").replace("SQL — Applied", "SQL — Mastery", 1), "utf-8")
    tampered = run_cli("credential", "verify", str(out), "--json")
    assert tampered.returncode == 1
    report = json.loads(tampered.stdout)
    assert report["valid"] is False and report["problems"][0].startswith("The credential's proof does not hold: the signature of did:key:")


def test_the_command_line_refuses_a_skill_below_applied_in_one_sentence(owner_path, tmp_path):
    out = tmp_path / "py.json"
    refused = run_cli("credential", "issue", "--skill", "py", "--out", str(out), "--db", str(owner_path))
    assert refused.returncode == 1 and not out.exists()
    assert is_one_sentence(refused.stderr) and "Python is at Foundation" in refused.stderr
