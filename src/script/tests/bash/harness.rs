//! A throwaway machine for a generated bash script: a temp folder, stub `curl`, `tar`, `sudo` and
//! runner scripts first on PATH that record their argv NUL-separated, and the real `shasum` (or a
//! wrapper around `sha256sum` when only that exists).
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

/// What the stubs' download contains; the script's checksum is this file's.
pub const GOOD_ARCHIVE: &str = "runner archive v2.329.0\n";
pub const TAMPERED_ARCHIVE: &str = "runner archive v2.329.0 with something extra\n";

pub const BASH: &str = "/bin/bash";

/// Appends one record to $STUB_LOG: the command's name, its working folder, its argument count,
/// then each argument, every field ended by NUL (which no argument can contain). A loop, because
/// `printf '%s\0' "$@"` prints one empty field when there are no arguments.
const RECORD: &str = r#"{ printf '%s\0' "${0##*/}" "$PWD" "$#"; for a in "$@"; do printf '%s\0' "$a"; done; } >> "$STUB_LOG"
if [ "${STUB_FAIL:-}" = "${0##*/}" ]; then exit 3; fi
"#;

/// curl: writes $STUB_DOWNLOAD to the `-o` file, as a successful download would.
const CURL: &str = r#"out=
while [ "$#" -gt 0 ]; do
  case "$1" in
    -o|--output) out="$2"; shift ;;
  esac
  shift
done
[ -n "$out" ] || exit 2
cat "$STUB_DOWNLOAD" > "$out"
"#;

/// tar: "unpacks" the runner's scripts, which exist only after this step.
const TAR: &str = r#"[ "$1" = xzf ] && [ -f "$2" ] || exit 2
for s in config.sh run.sh svc.sh; do cp "$STUB_PAYLOAD/$s" "./$s"; chmod +x "./$s"; done
"#;

const SUDO: &str = "exec \"$@\"\n";

/// One recorded call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub name: String,
    pub cwd: PathBuf,
    pub args: Vec<String>,
}

pub struct Outcome {
    pub success: bool,
    pub calls: Vec<Call>,
    pub stderr: String,
}

impl Outcome {
    pub fn names(&self) -> Vec<&str> {
        self.calls.iter().map(|c| c.name.as_str()).filter(|n| *n != "shasum").collect()
    }

    pub fn call(&self, name: &str) -> Option<&Call> {
        self.calls.iter().find(|c| c.name == name)
    }
}

/// A folder under the system temp dir, removed when dropped.
pub struct Machine {
    pub root: PathBuf,
    bin: PathBuf,
    payload: PathBuf,
    pub work: PathBuf,
}

fn write_exe(path: &Path, body: &str) {
    std::fs::write(path, format!("#!{BASH}\n{body}")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// The first executable called `name` on PATH.
fn on_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?).map(|d| d.join(name)).find(|p| p.is_file())
}

/// The SHA-256 of `data` in hex, from the system's own tool.
pub fn sha256_hex(data: &str) -> String {
    let (tool, args): (&str, &[&str]) = if on_path("sha256sum").is_some() { ("sha256sum", &[]) } else { ("shasum", &["-a", "256"]) };
    let mut child = Command::new(tool).args(args).stdin(std::process::Stdio::piped()).stdout(std::process::Stdio::piped()).spawn().expect("sha256sum or shasum is needed to test the checksum step");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), data.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_string()
}

impl Machine {
    pub fn new(tag: &str) -> Machine {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        assert!(Path::new(BASH).is_file(), "{BASH} is missing: the script tests need bash and must not pass without it");
        let unique = format!("runnerdeck-script-{}-{}-{tag}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let root = std::env::temp_dir().join(unique);
        let _ = std::fs::remove_dir_all(&root);
        let (bin, payload, work) = (root.join("bin"), root.join("payload"), root.join("work"));
        for d in [&bin, &payload, &work] {
            std::fs::create_dir_all(d).unwrap();
        }
        write_exe(&bin.join("curl"), &format!("{RECORD}{CURL}"));
        write_exe(&bin.join("tar"), &format!("{RECORD}{TAR}"));
        write_exe(&bin.join("sudo"), &format!("{RECORD}{SUDO}"));
        for s in ["config.sh", "run.sh", "svc.sh"] {
            write_exe(&payload.join(s), RECORD);
        }
        if on_path("shasum").is_none() {
            // Faithful to what the script asks of shasum: `-a 256 -c` reads "HASH  FILE" lines.
            assert!(on_path("sha256sum").is_some(), "neither shasum nor sha256sum is installed: the checksum step cannot be tested");
            write_exe(&bin.join("shasum"), &format!("{RECORD}[ \"$1 $2 $3\" = '-a 256 -c' ] || exit 2\nexec sha256sum -c\n"));
        }
        Machine { root, bin, payload, work }
    }

    /// Replaces a command with one that only records its call and succeeds.
    pub fn stub(&self, name: &str) {
        write_exe(&self.bin.join(name), RECORD);
    }

    pub fn run(&self, script: &str, download: &str, fail: Option<&str>) -> Outcome {
        let (file, log, downloaded) = (self.root.join("script.sh"), self.root.join("calls"), self.root.join("download"));
        std::fs::write(&file, script).unwrap();
        std::fs::write(&downloaded, download).unwrap();
        let _ = std::fs::remove_file(&log);
        let path = std::env::join_paths(std::iter::once(self.bin.clone()).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()))).unwrap();
        let mut cmd = Command::new(BASH);
        cmd.args(["--noprofile", "--norc"]).arg(&file).current_dir(&self.work).env("PATH", path).env("STUB_LOG", &log).env("STUB_DOWNLOAD", &downloaded).env("STUB_PAYLOAD", &self.payload);
        match fail {
            Some(name) => cmd.env("STUB_FAIL", name),
            None => cmd.env_remove("STUB_FAIL"),
        };
        let out = cmd.output().unwrap_or_else(|e| panic!("could not start {BASH}: {e}"));
        Outcome { success: out.status.success(), calls: read_calls(&log), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn read_calls(log: &Path) -> Vec<Call> {
    let Ok(bytes) = std::fs::read(log) else { return Vec::new() };
    let mut fields = bytes.split(|b| *b == 0).map(|f| String::from_utf8(f.to_vec()).expect("arguments arrive as UTF-8"));
    let mut calls = Vec::new();
    while let Some(name) = fields.next() {
        if name.is_empty() {
            break; // the empty piece after the last NUL
        }
        let cwd = PathBuf::from(fields.next().unwrap());
        let count: usize = fields.next().unwrap().parse().unwrap();
        let args = (0..count).map(|_| fields.next().unwrap()).collect();
        calls.push(Call { name, cwd, args });
    }
    calls
}
