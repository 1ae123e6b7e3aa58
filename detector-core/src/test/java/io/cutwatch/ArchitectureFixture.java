package io.cutwatch;

import io.cutwatch.architecture.ArchitectureFixtureBack;

/** Test fixture: a root-package class in a cycle with a subpackage, to show the cycle rule sees the root. */
public final class ArchitectureFixture {
    ArchitectureFixtureBack back;
}
