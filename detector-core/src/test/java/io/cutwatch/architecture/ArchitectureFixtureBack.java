package io.cutwatch.architecture;

import io.cutwatch.ArchitectureFixture;

/** Test fixture: the other half of {@link ArchitectureFixture}'s cycle. */
public final class ArchitectureFixtureBack {
    ArchitectureFixture front;
}
