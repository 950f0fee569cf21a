/** Usage of `agentcloud audit`. */
export const AUDIT_USAGE = `usage: agentcloud audit sample <dir> --receipts <N> [--agents <K>] [--date <yyyy-mm-dd>] [--checkpoint-every <N>]
       agentcloud audit verify <dir> [--key <verifier-key-file>]... [--strict]
       agentcloud audit import <shipped-dir> <out-dir>

  sample  writes a realistic day of signed receipts for K agents into <dir> (new or empty): <agent>/<date>.jsonl
          streams, their <agent>/<date>.checkpoints.jsonl checkpoints, and verifier.key, the public key of the
          freshly generated signing key (the private key is discarded)
          --receipts          receipts in total                                  (required)
          --agents            number of agents                                   (default: 3)
          --date              the day, UTC                                       (default: today)
          --checkpoint-every  receipts between two checkpoints of a stream       (default: 1000)

  verify  checks every stream under <dir>: hash chain, sequence numbers (gaps, reorders, duplicates), Merkle roots
          against the signed checkpoints, and the checkpoints' Ed25519 signatures; streams one line at a time
          --key               verifier key file, "<name>+<key ID>+<key data>"    (default: <dir>/verifier.key,
                              which proves nothing if the folder is not trusted: pass a key from a trusted source);
                              repeat it to trust several keys, e.g. across a key rotation
          --strict            unsealed receipts (after the last checkpoint) are errors, not warnings

  import  rebuilds <out-dir> (new or empty) for verify from what the audit pipeline shipped to the bucket (objects of
          {"agentcloud.receipt": ...} lines, downloaded into <shipped-dir>): receipts in sequence order, checkpoints
          in tree-size order per <agent>/<date>; only exact repeats (retried uploads) are dropped

exit codes: 0 intact (warnings allowed), 1 tampering found, 2 usage or input error`;
