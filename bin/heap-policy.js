// Sitrep allocates fast and keeps little (a report is analysed, stored and dropped), so V8's default of
// growing the heap to a multiple of what is live mostly holds garbage. Growing it by 20 % after each full
// collection keeps the process at about two thirds of the memory for about the same speed (see
// `npm run bench`). Set before anything else is loaded; the heap is still small then.
import v8 from "node:v8";

v8.setFlagsFromString("--heap-growing-percent=20");
