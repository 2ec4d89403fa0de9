# Sourced by the scripts: where the installed tools live, outside the repository.
export RUNNERDECK_TOOLS="${RUNNERDECK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/runnerdeck-tools}"
export PATH="$HOME/.cargo/bin:$RUNNERDECK_TOOLS/node_modules/.bin:$PATH"
export TRUNK_OFFLINE=true
