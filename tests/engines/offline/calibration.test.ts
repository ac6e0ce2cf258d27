// Confidence that means what it says (issue 21 item 1): the recalibration learns from out-of-fold
// decisions what makes one likely wrong, and the review line queues at most its share of them.
import { describe, expect, it } from "vitest";
import { decisionConfidence, fitConfidence, reviewLine, type DecisionSignals } from "../../../src/engines/offline/calibration.js";
import { judgedClassification } from "../../../src/engines/offline/judged.js";
import { loadModel } from "../../../src/engines/offline/model.js";

const signals = (first: number, against: number, headlineContradicts = false): DecisionSignals => ({
  first,
  second: 1 - first - 0.05,
  against,
  headlineContradicts,
});

describe("recalibrated confidence", () => {
  // Decisions at the same probability: right when the layers agree, mostly wrong when two disagree.
  const samples = [
    ...Array.from({ length: 40 }, (_, i) => ({ signals: signals(0.85, 0), right: i % 10 !== 0 })),
    ...Array.from({ length: 40 }, (_, i) => ({ signals: signals(0.85, 2), right: i % 10 < 3 })),
  ];

  it("learns that layers against the choice make it less likely right", () => {
    const model = fitConfidence(samples);
    const agreed = decisionConfidence(model, signals(0.85, 0));
    const disputed = decisionConfidence(model, signals(0.85, 2));
    expect(agreed).toBeGreaterThan(0.8);
    expect(disputed).toBeLessThan(0.45);
    // Without a fitted model the probability stands.
    expect(decisionConfidence(null, signals(0.85, 2))).toBe(0.85);
  });

  it("the review line queues the doubtful decisions and no more than its share", () => {
    const model = fitConfidence(samples);
    const line = reviewLine(model, samples, 0.5);
    const queued = samples.filter((s) => decisionConfidence(model, s.signals) < line);
    expect(queued.length / samples.length).toBeLessThanOrEqual(0.5);
    expect(queued.every((s) => s.signals.against === 2)).toBe(true);
    expect(reviewLine(model, samples, 0.1)).toBeLessThan(line);
  });

  it("a decision below the model's review line is queued as low confidence, with the recalibrated confidence", () => {
    const shipped = loadModel();
    const doc = { title: "Netflix renews the drama for a third season", body: "The streamer renewed the series after a strong debut." };
    const sure = judgedClassification(doc, { ...shipped, confidence: { weights: [5, 0, 0, 0, 0, 0], review_below: 0.5 } });
    expect(sure.value.confidence).toBeCloseTo(0.993, 3);
    expect(sure.doubts).toEqual([]);
    const unsure = judgedClassification(doc, { ...shipped, confidence: { weights: [-5, 0, 0, 0, 0, 0], review_below: 0.5 } });
    expect(unsure.value.confidence).toBeCloseTo(0.007, 3);
    expect(unsure.doubts).toEqual([`low confidence 0.01 for ${unsure.value.category}`]);
  });
});
