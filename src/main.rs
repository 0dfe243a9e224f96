//! The `siaga` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    siaga::cli::main()
}
