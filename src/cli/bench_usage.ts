/** Help text of `qdistill bench` (re-exported by `./usage`; no TensorFlow.js import). */

/** Usage of `qdistill bench`. */
export const BENCH_USAGE = `Usage: qdistill bench sim [--json] [--batch 1024] [--repeats 30] [--warmup 5]
                         [--qubits 6] [--layers 3] [--seed 1] [--backend NAME]
       qdistill bench distill [--json] [--batch 1024] [--repeats 10] [--warmup 2]
                         [--model classical|quantum|both] [--workers N] [--scaling] [--seed 1]
                         [--backend NAME]
       qdistill bench circuits [--json] [--count 20] [--min-wires 8] [--max-wires 11]
                         [--layers 3] [--repeats 3] [--warmup 1] [--seed 1] [--cases-out FILE]
                         [--backend NAME]

bench sim: times the paper's quantum layer: AmplitudeEmbedding of 2^qubits features,
StronglyEntanglingLayers, one trainable one-qubit Hermitian per wire
(qnnLayer with hermitianFromParams(A)). Measures, interleaved, after warm-up rounds:
  forward + backward   gradients of sum(out * fixed random cotangent) w.r.t. the
                       features, the weights and A, read back (dataSync)
  forward only
  PauliZ variant       forward + backward w.r.t. features and weights
and reports median, min and p90 in ms and samples/s (batch / median). Inputs are seeded.

bench distill: times one outer iteration of dataset distillation in the paper's MNIST
setting, for the classical LeNet and the quantum LeNet (6 qubits, 3 layers, trainable
Hermitian, residual), each from a fixed seeded initialisation: 10 synthetic images (1 per
class, 1 step x 3 epochs, lr 0.02), a real batch of MNIST training images, the
hypergradient through the 3 unrolled inner steps, one Adam step (lr 0.01, betas 0.5/0.999),
results read back — exactly a run's iteration, with the real batch's 8 shards shared between
the main thread and --workers worker threads (default: one per extra core on wasm/cpu, none
with tfjs-node). Reports median, min and p90 seconds per iteration, iterations per minute, and
the split (on the main thread alone): forward + backward, and forward only, on the real batch alone
(rest = median - real forward + backward); the phases of one iteration on one thread (value-only
unroll, the shards' first-order gradients, the pull-back through the taped unroll, Adam) and the
TF.js kernels one iteration launches. Rounds are interleaved after warm-up rounds. With
--scaling, prints seconds per iteration for 0, 1, ... cores - 1 worker threads instead.

bench circuits: times single circuits as 'qdistill circuit' runs them (values, the gradients
of every observable with respect to weights and features, the final state): --count seeded
circuits, wire counts cycling from --min-wires to --max-wires, amplitude and angle embeddings,
PauliZ or one-qubit Hermitian on every wire. Reports the median seconds for all cases and per
case by wire count. --cases-out FILE writes the cases in the fixture schema, so that
'qdistill circuit FILE' or PennyLane can run the same circuits.

Options (sim and distill; circuits: --json, --repeats, --warmup, --seed, --backend):
  --json            print one JSON object (sim: layer_fwd_bwd_ms = median, layer_fwd_ms,
                    pauliz_fwd_bwd_ms, their _min_ms and _p90_ms, samples_per_s, backend,
                    batch, qubits, features, layers, repeats, warmup, seed; distill:
                    classical_lenet_s_per_iter and quantum_lenet_s_per_iter = medians,
                    their _min_s, _p90_s, _iters_per_min, _real_fwd_bwd_s, _real_fwd_s,
                    _rest_s, _unroll_fwd_s, _shards_s, _pull_back_s, _adam_s, _kernels
                    (null for a model not run), backend, batch, workers, threads, shards, ...)
  --batch N         batch size (default 1024; the real batch for distill, at most 60000; for sim,
                    at most 2 GiB / (192 bytes × 2^qubits), e.g. 174762 with 6 qubits)
  --repeats N       timed rounds (default 30 for sim, 10 for distill, 3 for circuits)
  --warmup N        untimed rounds first (default 5 for sim, 2 for distill, 1 for circuits)
  --seed N          seed of the random inputs / initialisation and batch order, 0 to 4294967295
                    (default 1)
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)
Options (sim):
  --qubits N        qubits, 1 to 10 (default 6)
  --layers N        StronglyEntanglingLayers (default 3)
Options (distill):
  --model WHICH     classical, quantum or both (default both)
  --workers N       worker threads sharing the 8 shards, 0 to 7 (default: one per extra core)
  --scaling         time every worker count from 0 to cores - 1 (no split)
Options (circuits):
  --count N         seeded circuits (default 20)
  --min-wires N     fewest wires, 1 to 20 (default 8)
  --max-wires N     most wires, 1 to 20 (default 11)
  --layers N        StronglyEntanglingLayers (default 3)
  --cases-out FILE  also write the cases in the fixture schema
`;
