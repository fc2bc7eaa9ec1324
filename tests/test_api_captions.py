"""Captions over the API: generating is a job, edits are checked by the CLI's rules and become a
new version, approval names the caller and opens the review gate training checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from aistudio import captions, dataset
from aistudio.consent.records import revoke_consent
from aistudio.core.errors import UserError
from aistudio.studio import Studio
from aistudio.training.gates import check_review
from tests.fakes.api import api_client
from tests.fakes.api_world import World, build_world
from tests.fakes.prefect_server import FakePrefect


@pytest.fixture
def world(studio: Studio, tmp_path: Path) -> World:
    return build_world(studio, tmp_path / "photos")


def test_generating_captions_is_a_job_checked_before_it_starts(world: World) -> None:
    prefect = FakePrefect()
    client = api_client(world.studio)
    client.app.state.prefect = prefect.client()  # type: ignore[attr-defined]
    ada, ben = world.tenants
    url = f"/api/v1/models/{ada.model}/datasets/1/captions/generate"
    made = client.post(url, json={"captioner": "tagger"}, headers=ada.auth)
    assert made.status_code == 201, made.text
    assert made.json()["kind"] == "captions"
    (run,) = prefect.runs.values()
    assert run["deployment_id"] == prefect.deployments["caption-dataset/default"]
    assert run["parameters"] == {
        "model": ada.model, "dataset_version": 1, "captioner": "tagger", "review": False,
    }  # fmt: skip
    assert client.post(url, json={"captioner": "gpt"}, headers=ada.auth).status_code == 422
    # a vision-language model runs on the gpu pool, waiting its turn in the gpu queue
    vlm = client.post(url, json={"captioner": "florence2"}, headers=ada.auth)
    assert vlm.status_code == 201 and vlm.json()["pool"] == "gpu", vlm.text
    gpu = [r for r in prefect.runs.values() if r is not run]
    assert [r["deployment_id"] for r in gpu] == [prefect.deployments["caption-dataset/gpu"]]
    cancelled = client.post(f"/api/v1/jobs/{vlm.json()['id']}/cancel", headers=ada.auth)
    assert cancelled.status_code == 200, cancelled.text
    missing = url.replace("/datasets/1/", "/datasets/4/")
    assert client.post(missing, json={}, headers=ada.auth).status_code == 404
    assert client.post(url, json={}, headers=ben.auth).status_code == 404
    revoke_consent(world.studio, ada.model)
    refused = client.post(url, json={}, headers=ada.auth)
    assert refused.status_code == 409 and "consent" in refused.json()["detail"]
    assert len(prefect.runs) == 2


def test_edits_are_checked_make_a_new_version_and_approval_opens_the_review_gate(
    world: World,
) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    base = f"/api/v1/models/{ada.model}/datasets"
    shown = client.get(f"{base}/1/captions", headers=ada.auth)
    assert shown.status_code == 200, shown.text
    v1 = shown.json()
    template = f"a photo of {ada.model}, person"
    assert [(i["image"], i["caption"]) for i in v1["items"]] == [
        ("001.jpg", template),
        ("002.jpg", template),
    ]
    assert v1["reviewed_by"] is None and v1["no_trigger"] == [] and v1["missing"] == []
    assert client.get(v1["items"][0]["image_url"], headers=ada.auth).status_code == 200
    # The CLI's rules: each refusal names the image and what is wrong; nothing is written.
    bad = {
        "001.jpg": "a portrait, smiling",  # no trigger at the start
        "002.jpg": f"a photo of {ada.model}, person, {ada.model} again",  # the trigger twice
    }
    refused = client.patch(f"{base}/1/captions", json={"captions": bad}, headers=ada.auth)
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    assert f"001.jpg: does not start with 'a photo of {ada.model}'" in detail
    assert "002.jpg: has the trigger" in detail and "2 times" in detail
    long = {"001.jpg": f"{template}, " + "freckles " * 150}
    got = client.patch(f"{base}/1/captions", json={"captions": long}, headers=ada.auth)
    assert got.status_code == 422 and "characters long" in got.json()["detail"]
    unknown = {"009.jpg": f"{template}, smiling"}
    got = client.patch(f"{base}/1/captions", json={"captions": unknown}, headers=ada.auth)
    assert got.status_code == 422 and "009.jpg" in got.json()["detail"]
    assert [v.number for v in dataset.list_datasets(world.studio, ada.model)] == [1]
    # A good edit: a new, unreviewed version; its log names the caller.
    good = {"001.jpg": f"{template}, smiling"}
    edited = client.patch(f"{base}/1/captions", json={"captions": good}, headers=ada.auth)
    assert edited.status_code == 200, edited.text
    v2 = edited.json()
    assert v2["version"] == 2 and v2["reviewed_by"] is None
    assert v2["items"][0]["caption"] == good["001.jpg"] and v2["items"][1]["caption"] == template
    log = client.get(f"{base}/2/captions/log", headers=ada.auth)
    assert log.status_code == 200, log.text
    (entry,) = log.json()["items"]
    actor = f"api:{ada.account.name}"
    assert (entry["image"], entry["caption"], entry["previous"]) == (
        "001.jpg",
        good["001.jpg"],
        template,
    )
    assert (entry["source"], entry["author"]) == ("edit", actor)
    assert client.get(f"{base}/1/captions/log", headers=ada.auth).json()["items"] == []
    # Training refuses captions nobody reviewed, until the caller approves them.
    with pytest.raises(UserError, match="nobody reviewed"):
        check_review(ada.model, dataset.show_dataset(world.studio, ada.model, 2), False)
    approved = client.post(f"{base}/2/captions/approve", headers=ada.auth)
    assert approved.status_code == 200, approved.text
    assert approved.json()["reviewed_by"] == actor and approved.json()["reviewed_at"]
    check_review(ada.model, dataset.show_dataset(world.studio, ada.model, 2), False)
    # Edit and approve in one call.
    both = {"captions": {"002.jpg": f"{template}, outdoors"}, "approve": True}
    made = client.patch(f"{base}/2/captions", json=both, headers=ada.auth)
    assert made.status_code == 200 and made.json()["version"] == 3
    assert made.json()["reviewed_by"] == actor
    # Another user's versions answer 404, exactly as missing ones.
    for method, url in (
        ("GET", f"{base}/2/captions"),
        ("GET", f"{base}/2/captions/log"),
        ("POST", f"{base}/2/captions/approve"),
    ):
        assert client.request(method, url, headers=ben.auth).status_code == 404, url
    assert client.get(f"{base}/9/captions", headers=ada.auth).status_code == 404
    patch = client.patch(f"{base}/2/captions", json={"captions": good}, headers=ben.auth)
    assert patch.status_code == 404


def test_drafts_are_checked_rule_by_rule_with_their_token_count_and_nothing_is_written(
    world: World,
) -> None:
    client = api_client(world.studio)
    ada, ben = world.tenants
    url = f"/api/v1/models/{ada.model}/datasets/1/captions/check"
    template = f"a photo of {ada.model}, person"
    drafts = {
        "001.jpg": f"{template}, smiling",  # fine
        "002.jpg": f"a portrait of {ada.model}, blonde hair, {ada.model}",  # start, twice, banned
        "009.jpg": template,  # no such image
    }
    got = client.post(url, json={"captions": drafts}, headers=ada.auth)
    assert got.status_code == 200, got.text
    checked = got.json()["captions"]
    assert checked["001.jpg"]["problems"] == []
    rules = [p["rule"] for p in checked["002.jpg"]["problems"]]
    assert rules == ["start", "trigger", "banned"], checked["002.jpg"]
    messages = " ".join(p["message"] for p in checked["002.jpg"]["problems"])
    assert "2 times" in messages and "blonde hair" in messages
    assert [p["rule"] for p in checked["009.jpg"]["problems"]] == ["image"]
    # the family's text encoder's count and limit (too long is cut off in training, not refused)
    family = dataset.show_dataset(world.studio, ada.model, 1).family
    tokens, exact = captions.count_tokens(drafts["001.jpg"], family)
    one = checked["001.jpg"]
    assert (one["tokens"], one["exact"], one["limit"]) == (tokens, exact, captions.LIMITS[family])
    long = {"001.jpg": f"{template}, " + "a," * 400}  # 800 words in 800 characters
    over = client.post(url, json={"captions": long}, headers=ada.auth).json()["captions"]
    assert over["001.jpg"]["tokens"] > one["limit"] and over["001.jpg"]["problems"] == []
    # the same messages an edit refuses with
    refused = client.patch(
        url.removesuffix("/check"), json={"captions": {"002.jpg": drafts["002.jpg"]}},
        headers=ada.auth,
    )  # fmt: skip
    assert refused.status_code == 422
    assert all(p["message"] in refused.json()["detail"] for p in checked["002.jpg"]["problems"])
    assert [v.number for v in dataset.list_datasets(world.studio, ada.model)] == [1]
    assert client.post(url, json={"captions": {}}, headers=ada.auth).status_code == 422
    assert client.post(url, json={"captions": drafts}, headers=ben.auth).status_code == 404
