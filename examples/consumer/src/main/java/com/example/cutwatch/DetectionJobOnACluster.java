package com.example.cutwatch;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cutwatch.process.Context;
import io.cutwatch.Cutwatch;
import io.cutwatch.model.Topology;
import io.cutwatch.detect.DetectionJob;
import io.cutwatch.detect.DetectionJobs;
import io.cutwatch.detect.InTransitDetector;
import io.cutwatch.detect.Passivity;
import io.cutwatch.detect.ReportJson;
import io.cutwatch.hazelcast.CutwatchMembers;
import io.cutwatch.hazelcast.HazelcastCutwatch;
import io.cutwatch.hazelcast.jobs.HazelcastJobDriver;
import io.cutwatch.hazelcast.jobs.IMapReportStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** README.md, "Detectors and scheduled detection jobs": a detection job on an embedded cluster. */
public final class DetectionJobOnACluster {
    private static final Logger log = LoggerFactory.getLogger(DetectionJobOnACluster.class);

    /** What a worker's snapshot records: whether it is passive (for termination detection). */
    public record Idle(boolean passive) implements Passivity {
    }

    /** The application's process state. */
    public static final class Worker {
        Idle snapshot() {
            return new Idle(true);
        }

        void handle(String from, Object payload, Context ctx) {
        }
    }

    private DetectionJobOnACluster() {
    }

    static void watch(Topology topology) {
        // README.md snippet: Detectors and scheduled detection jobs
        HazelcastInstance hz = Hazelcast.newHazelcastInstance(CutwatchMembers.loopback("shop").config());
        Cutwatch cw = HazelcastCutwatch.on(hz, topology);
        cw.process("w1", new Worker()).capture(Worker::snapshot)
                .onMessage((w, from, payload, ctx) -> w.handle(from, payload, ctx)).start();
        DetectionJobs jobs = DetectionJobs.on(cw)              // finds "termination" and other plug-ins
                .reportStore(new IMapReportStore(hz, "cutwatch-reports", 1_000));
        jobs.registry().register(new InTransitDetector());    // your own detector
        DetectionJob job = jobs.define("watch")
                .detectors("termination", "in-transit")
                .every(Duration.ofSeconds(5)).snapshotTimeout(Duration.ofSeconds(2))
                .onReport(r -> log.info("{}", ReportJson.toJson(r)))
                .build();
        HazelcastJobDriver.on(hz, jobs).drive(job);           // one member drives; another takes over
        // end of README.md snippet
    }
}
