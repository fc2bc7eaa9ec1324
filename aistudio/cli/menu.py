"""The interactive menu (`aistudio` with no arguments), step for step as in the product brief."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, TypeVar

from rich.console import Console

from aistudio import captions, dataset
from aistudio.cli import output
from aistudio.cli.datasets import build_and_report
from aistudio.cli.menu_lora import FAMILY_KEYS, family_prompt, lora_menu
from aistudio.cli.output import print_import_problems, print_outcome
from aistudio.cli.runner import preflight, run_with_progress
from aistudio.consent import records as consent_lib
from aistudio.core.errors import StudioError
from aistudio.core.naming import Category
from aistudio.ingest import importer
from aistudio.processing.costs import fmt_credits, model_costs
from aistudio.processing.status import all_models, model_status
from aistudio.studio import Studio

Choice = Literal["nsfw", "sfw", "both"]
T = TypeVar("T")
_FOLDERS: dict[str, Choice] = {"1": "nsfw", "2": "sfw", "3": "both"}
_KINDS = {"1": "synthetic", "2": "real-person"}


class Menu:
    """A loop of numbered choices read from stdin (so it also works piped, e.g. in tests)."""

    def __init__(self, studio: Studio, console: Console) -> None:
        self.studio = studio
        self.out = console

    # -- input helpers -------------------------------------------------------------------------

    def ask(self, prompt: str) -> str:
        """One line of input; end of input leaves the menu."""
        self.say(prompt)
        try:
            return input("-> ").strip()
        except EOFError:
            raise SystemExit(0) from None

    def choose(self, prompt: str, options: dict[str, T]) -> T:
        """A numbered choice, asked again until the answer is one of the options."""
        while True:
            answer = self.ask(prompt)
            if answer in options:
                return options[answer]
            self.fail(f"Unknown choice {answer!r}: enter {', '.join(options)}")

    def ask_inline(self, prompt: str) -> str:
        """A question answered on the same line."""
        try:
            return input(prompt).strip()
        except EOFError:
            raise SystemExit(0) from None

    def yes(self, prompt: str, default: bool) -> bool:
        """A [Y/n] or [y/N] question."""
        hint = "[Y/n]" if default else "[y/N]"
        answer = self.ask_inline(f"{prompt} {hint} ").lower()
        return default if not answer else answer.startswith("y")

    def say(self, text: str) -> None:
        """Plain text (brackets like [1] are menu keys, not markup)."""
        self.out.print(text, markup=False)

    def ok(self, text: str) -> None:
        output.ok(text, self.out)

    def fail(self, text: str) -> None:
        output.fail(text, self.out)

    # -- the menu --------------------------------------------------------------------------

    def run(self) -> None:
        """Show the main menu until Exit."""
        while True:
            self.say("AI Model Studio\n===============")
            self.say(
                "[1] Create New Model\n[2] Work with Existing Model\n[3] View All Models\n[4] Exit"
            )
            choice = self.ask("")
            try:
                if choice == "1":
                    self.create_model()
                elif choice == "2":
                    self.existing_model()
                elif choice == "3":
                    self.view_models()
                elif choice in ("4", "q", "exit"):
                    return
                else:
                    self.fail(f"Unknown choice {choice!r}: enter 1-4")
            except StudioError as exc:
                self.fail(str(exc))

    def create_model(self) -> None:
        """Create, set consent, add sources, then targets and processing."""
        name = self.ask_inline("Enter model name: ")
        paths = importer.create_model(self.studio, name)
        self.ok(f"Model created: models/{name}/")
        self.set_consent(name)
        self.add_sources(name)
        choice = self.choose("Which folder to process?  [1] NSFW  [2] SFW  [3] Both", _FOLDERS)
        self.process_flow(name, choice, paths.root)

    def set_consent(self, name: str) -> None:
        """The consent step, right after a model is created."""
        self.say("Consent: whose face is this model?")
        kind = self.choose(
            "  [1] Synthetic: AI-generated, depicts no real person\n"
            "  [2] Real person: an adult who signed a release",
            _KINDS,
        )
        subject = release = None
        if kind == "real-person":
            subject = self.ask_inline("Subject's name: ")
            release = Path(self.ask_inline("Release document (path): ").strip("'\""))
        nsfw = self.yes("Allow NSFW work (the subject agreed to it explicitly)?", default=False)
        adult = self.yes("Do you attest the person depicted is an adult (18+)?", default=False)
        try:
            rec = consent_lib.set_consent(
                self.studio,
                name,
                kind=kind,
                scopes="sfw,nsfw" if nsfw else "sfw",
                attest_adult=adult,
                subject=subject,
                release=release,
            )
        except StudioError as exc:
            self.fail(f"{exc}; set it later with 'aistudio consent set'")
            return
        self.ok(f"Consent recorded: {rec.kind}, scopes {rec.scopes}")

    def add_sources(self, name: str) -> None:
        """Import source photos from typed or dragged paths."""
        text = self.ask("Upload source photos (comma-separated paths or drag folder):")
        if not text:
            return
        report = importer.import_photos(
            self.studio, name, importer.parse_path_list(text), role="source"
        )
        self.ok(f"Validated: {len(report.imported)} photos")
        for original, new in report.imported:
            self.ok(f"Renamed: {Path(original).name} -> {new}")
        print_import_problems(report, self.out, self.out)

    def add_targets(self, name: str, category: Category) -> None:
        """Import target photos into one folder."""
        text = self.ask(f"Upload target photos to models/{name}/targets/{category}/:")
        if not text:
            return
        report = importer.import_photos(
            self.studio, name, importer.parse_path_list(text), role="target", category=category
        )
        # Faces are looked for only in images that decode and pass the size rules.
        looked = len(report.faces) + sum(1 for r in report.rejected if r.rule == "face")
        found = sum(1 for n in report.faces.values() if n > 0)
        self.ok(f"{len(report.imported)} targets uploaded")
        if looked:
            self.ok(f"Face detected in {found}/{looked} targets")
        print_import_problems(report, self.out, self.out)

    def process_flow(self, name: str, choice: Choice, root: Path) -> None:
        """Targets for the chosen folder(s), estimate, confirm, process; then offer SFW."""
        folders: list[Category] = ["nsfw", "sfw"] if choice == "both" else [choice]
        for c in folders:
            self.add_targets(name, c)
        self.process(name, choice)
        if choice == "nsfw" and self.yes("Process SFW folder too?", default=True):
            self.add_targets(name, "sfw")
            self.process(name, "sfw")

    def process(self, name: str, category: Choice) -> None:
        """Estimate, confirm and run with a progress bar."""
        try:
            pre = preflight(
                self.studio,
                name,
                category=category,
                sources=None,
                provider=None,
                enhance=True,
                budget=None,
            )
        except StudioError as exc:
            self.fail(str(exc))
            return
        for filename, why in pre.plan.excluded:
            self.say(f"! Not processed: {filename}: {why}")
        self.say(pre.estimate.describe())
        if not self.yes("Continue?", default=True):
            return
        self.say("Processing:")
        outcome = run_with_progress(
            self.studio,
            self.out,
            name,
            category=category,
            sources=None,
            provider=None,
            enhance=True,
            budget=None,
        )
        print_outcome(outcome, self.studio.settings, self.out)

    # -- existing models -------------------------------------------------------------------

    def pick_model(self) -> str | None:
        """Choose a model by number or name."""
        models = all_models(self.studio)
        if not models:
            self.say("No models yet: choose [1] Create New Model")
            return None
        listing = "\n".join(f"[{i}] {m.name}" for i, m in enumerate(models, 1))
        answer = self.ask(f"Which model?\n{listing}")
        if answer.isdigit() and 1 <= int(answer) <= len(models):
            return models[int(answer) - 1].name
        if any(m.name == answer for m in models):
            return answer
        self.fail(f"No model {answer!r}")
        return None

    def existing_model(self) -> None:
        """Work on one model until Back."""
        name = self.pick_model()
        if name is None:
            return
        while True:
            choice = self.ask(
                f"{name}:  [1] Add source photos  [2] Add target photos  "
                "[3] Process  [4] Status  [5] Costs  [6] Consent  [7] Build training dataset  "
                "[8] Caption and review  [9] LoRAs  [10] Back"
            )
            try:
                if choice == "1":
                    self.add_sources(name)
                elif choice in ("2", "3"):
                    folder = self.choose("Which folder?  [1] NSFW  [2] SFW  [3] Both", _FOLDERS)
                    if choice == "2":
                        for c in ["nsfw", "sfw"] if folder == "both" else [folder]:
                            self.add_targets(name, c)  # type: ignore[arg-type]
                    else:
                        self.process(name, folder)
                elif choice == "4":
                    st = model_status(self.studio, name)
                    self.say(st.model_dump_json(indent=2))
                elif choice == "5":
                    mc = model_costs(self.studio, name)
                    for r in mc.runs:
                        self.say(f"  {r.run_id}: {fmt_credits(r.credits)} credits {r.ops}")
                    self.say(f"  Total: {fmt_credits(mc.total_credits)} credits")
                elif choice == "6":
                    self.set_consent(name)
                elif choice == "7":
                    self.build_dataset(name)
                elif choice == "8":
                    self.review_captions(name)
                elif choice == "9":
                    lora_menu(self, name)
                elif choice in ("10", "b", "back", ""):
                    return
            except StudioError as exc:
                self.fail(str(exc))

    def build_dataset(self, name: str) -> None:
        """Choose the base family, then score, choose and write a dataset version."""
        family = self.choose(f"Train for which base?  {family_prompt()}", FAMILY_KEYS)
        sources = self.yes("Also train on source photos (a few stay held out)?", default=False)
        build_and_report(self.studio, self.out, name, family=family, include_sources=sources)

    def review_captions(self, name: str) -> None:
        """Caption the newest dataset, show the captions, and approve them when they are right
        (edits: 'aistudio captions edit', or the caption-dataset flow's Resume form)."""
        newest = dataset.show_dataset(self.studio, name)
        # A version already captioned (or edited) is the one to review; a fresh build is captioned.
        info = newest if newest.captioner else captions.caption_dataset(self.studio, name)
        n = len(info.included)
        self.ok(f"Captions: dataset v{info.version} ({n} image{'' if n == 1 else 's'})")
        for item in info.included:
            self.say(f"  {item['image']}: {item.get('caption')}")
        if info.reviewed_by:
            self.ok(f"Already approved by {info.reviewed_by}")
            return
        if self.yes("Approve these captions for training?", default=False):
            done = captions.approve(self.studio, name, info.version)
            self.ok(f"Dataset v{done.version} approved by {done.reviewed_by}")
        else:
            self.say(f"To edit them: aistudio captions edit {name} {info.version}")

    def view_models(self) -> None:
        """One line per model."""
        models = all_models(self.studio)
        if not models:
            self.say("No models yet.")
        for m in models:
            self.say(
                f"  {m.name}: {m.sources} sources, {m.targets['nsfw']} nsfw + "
                f"{m.targets['sfw']} sfw targets, consent {m.consent}, "
                f"{sum(m.results.values())} results, {fmt_credits(m.credits)} credits"
            )
