#!/usr/bin/env python3
"""Checks the packages `dotnet pack` wrote (issue 6): every NeuralCore package is there at the version of
Directory.Build.props, with its metadata (MIT license expression, LICENSE and README files, repository URL and
commit, description), the assembly and its XML documentation, a symbols package with a portable PDB that carries a
SourceLink map to the repository (checked when the clone's origin is a host SourceLink maps), and dependencies limited to System.Numerics.Tensors and its own packages.

Usage: verify-packages.py FEED_DIR   (exit code 1 and one line per problem when something is wrong)"""
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ["NeuralCore.Tensors", "NeuralCore.Autodiff", "NeuralCore.Layers", "NeuralCore.Optimizers"]
UMBRELLA = "NeuralCore"
ALLOWED_EXTERNAL = {"System.Numerics.Tensors"}
TFM = "net10.0"

problems = []


def check(ok, message):
    if not ok:
        problems.append(message)
    return ok


def nuspec_of(archive):
    name = next(n for n in archive.namelist() if n.endswith(".nuspec") and "/" not in n)
    root = ET.fromstring(archive.read(name))
    ns = {"n": root.tag.split("}")[0].strip("{")}
    return root.find("n:metadata", ns), ns


# The hosts the .NET SDK's built-in SourceLink providers map (GitHub, GitLab, Azure Repos, Bitbucket).
SOURCELINK_HOSTS = ("github.com", "gitlab.com", "dev.azure.com", "visualstudio.com", "bitbucket.org")


def sourcelink_remote():
    """The origin URL when SourceLink can map it, else None: a clone without a remote, or whose remote is a local
    path or an unknown server, builds PDBs without a map, which is not a broken package."""
    try:
        result = subprocess.run(["git", "-C", str(ROOT), "remote", "get-url", "origin"], capture_output=True, text=True, check=False)
    except OSError:
        return None
    url = result.stdout.strip()
    return url if result.returncode == 0 and any(host in url for host in SOURCELINK_HOSTS) else None


def verify(feed, version, require_sourcelink):
    for package in LIBRARIES + [UMBRELLA]:
        path = feed / f"{package}.{version}.nupkg"
        if not check(path.is_file(), f"{path.name}: missing"):
            continue
        with zipfile.ZipFile(path) as archive:
            files = set(archive.namelist())
            meta, ns = nuspec_of(archive)
            text = lambda tag: (meta.findtext(f"n:{tag}", default="", namespaces=ns) or "").strip()
            check(text("id") == package, f"{path.name}: id is {text('id')!r}")
            check(text("version") == version, f"{path.name}: version is {text('version')!r}, expected {version}")
            check(len(text("description")) >= 40, f"{path.name}: description missing or too short")
            license = meta.find("n:license", ns)
            check(license is not None and license.get("type") == "expression" and license.text == "MIT",
                  f"{path.name}: license expression MIT missing")
            check(text("readme") == "README.md" and "README.md" in files, f"{path.name}: README.md not shown on the package page")
            check("LICENSE" in files, f"{path.name}: LICENSE file missing")
            repository = meta.find("n:repository", ns)
            check(repository is not None and repository.get("url", "").startswith("https://")
                  and re.fullmatch(r"[0-9a-f]{40}", repository.get("commit", "")) is not None,
                  f"{path.name}: repository url/commit missing (SourceLink metadata)")
            check(text("projectUrl").startswith("https://"), f"{path.name}: projectUrl missing")

            dependencies = {d.get("id"): d.get("version") for d in meta.iter(f"{{{ns['n']}}}dependency")}
            for dep_id, dep_version in dependencies.items():
                own = dep_id in LIBRARIES
                check(own or dep_id in ALLOWED_EXTERNAL, f"{path.name}: unexpected dependency {dep_id} {dep_version}")
                if own:
                    check(dep_version in (version, f"[{version}]", f"[{version}, )"),
                          f"{path.name}: depends on {dep_id} {dep_version}, expected {version}")

            if package == UMBRELLA:
                check(set(dependencies) == set(LIBRARIES), f"{path.name}: must depend on exactly {LIBRARIES}, has {sorted(dependencies)}")
                check(not any(n.startswith("lib/") for n in files), f"{path.name}: the umbrella package should carry no assembly")
                continue

            dll, xml = f"lib/{TFM}/{package}.dll", f"lib/{TFM}/{package}.xml"
            check(dll in files, f"{path.name}: {dll} missing")
            if check(xml in files, f"{path.name}: XML documentation {xml} missing"):
                members = archive.read(xml).count(b"<member name=")
                check(members >= 20, f"{path.name}: XML documentation has only {members} members")

        symbols = feed / f"{package}.{version}.snupkg"
        if check(symbols.is_file(), f"{symbols.name}: symbols package missing"):
            with zipfile.ZipFile(symbols) as archive:
                pdb = f"lib/{TFM}/{package}.pdb"
                if check(pdb in archive.namelist(), f"{symbols.name}: {pdb} missing"):
                    data = archive.read(pdb)
                    check(data[:4] == b"BSJB", f"{symbols.name}: {pdb} is not a portable PDB")
                    if require_sourcelink:
                        check(b'"documents"' in data, f"{symbols.name}: {pdb} has no SourceLink map")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    feed = Path(sys.argv[1])
    props = (ROOT / "Directory.Build.props").read_text(encoding="utf-8")
    version = re.search(r"<Version>([^<]+)</Version>", props).group(1)
    require_sourcelink = sourcelink_remote() is not None
    if not require_sourcelink:
        print("package check: note: the clone's origin is not a SourceLink host (GitHub, GitLab, Azure Repos, Bitbucket), "
              "so the PDBs carry no SourceLink map (not checked)")
    verify(feed, version, require_sourcelink)
    for problem in problems:
        print(f"package check: {problem}")
    print(f"Packages: {len(LIBRARIES) + 1} packages at {version} checked, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
