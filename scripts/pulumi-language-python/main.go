// Command pulumi-language-python is the Pulumi language host this project builds for Python programs.
//
// Why it exists: the Go module proxy serves the Pulumi CLI (github.com/pulumi/pulumi/pkg/v3) and SDK
// (github.com/pulumi/pulumi/sdk/v3), but not the module that holds Pulumi's own Python language host. Everything
// a Python host needs is a library in sdk/v3 or pkg/v3 (virtualenv handling in python/toolchain, the gRPC protocol in
// proto/go, serving helpers in rpcutil, the policy pack proxy), so scripts/pulumi-toolchain.sh builds this small
// host against the same sdk/v3 version as the CLI.
//
// What it does: the engine starts it with the engine's address as the last argument; it prints the port of its
// gRPC LanguageRuntime server on stdout. Programs run through `pulumi-language-python-exec` (shipped in the sdk/v3
// module and installed next to this binary), inside the virtualenv named by the project's runtime options.
// Plugins (policy packs, Python plugins) run through RunPlugin. Code generation (GenerateProgram, GenerateProject,
// GeneratePackage, Link) lives in codegen.go, on Pulumi's own codegen libraries from pkg/v3.
//
// Lifetime: the host never outlives its engine. It watches the engine with rpcutil.Healthcheck, like Pulumi's own
// hosts, but every second instead of every 5 minutes (a killed `pulumi up` must not leave a program running for
// minutes). When the engine is gone it kills the programs and plugins it started, at once (they have no engine
// to talk to), and exits; on SIGTERM or SIGINT it stops them gently (SIGTERM, then SIGKILL after childStopGrace)
// and exits.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	sdk "github.com/pulumi/pulumi/sdk/v3"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/cmdutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/logging"
	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
)

const (
	// execScriptName is the program runner; it must sit next to this binary.
	execScriptName = "pulumi-language-python-exec"
	// exitAfterUserMessage is the runner's exit code after it already reported an actionable error.
	exitAfterUserMessage = 32
	// engineHealthInterval is how often the engine is asked whether it is alive; one failed answer stops the host.
	engineHealthInterval = time.Second
	// childStopGrace is how long a program gets after an interrupt before it is killed.
	childStopGrace = 5 * time.Second
)

func main() {
	showVersion := flag.Bool("version", false, "print the version and exit")
	// The engine passes --tracing when tracing is on; accepted, not forwarded.
	flag.String("tracing", "", "Zipkin-compatible tracing endpoint (accepted and ignored)")
	flag.Parse()
	if *showVersion {
		fmt.Println(version.Version)
		return
	}
	logging.InitLogging(false, 0, false)

	execScript, err := findExecScript()
	if err != nil {
		cmdutil.Exit(err)
	}

	signalled, stopOnSignal := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopOnSignal()
	engineAlive, engineGone := context.WithCancel(context.Background())
	defer engineGone()

	host := newPythonHost(execScript)
	stopServing := make(chan bool)
	go func() {
		select {
		case <-signalled.Done():
			host.stopChildren(false)
		case <-engineAlive.Done():
			host.stopChildren(true)
		}
		close(stopServing)
	}()
	host.watchEngine = func(address string) error {
		return rpcutil.Healthcheck(engineAlive, address, engineHealthInterval, engineGone)
	}
	if args := flag.Args(); len(args) > 0 {
		if err := host.setEngine(args[0]); err != nil {
			cmdutil.Exit(fmt.Errorf("could not watch the engine: %w", err))
		}
	}

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stopServing,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
	})
	if err != nil {
		cmdutil.Exit(fmt.Errorf("could not start the language host server: %w", err))
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		cmdutil.Exit(fmt.Errorf("language host stopped serving: %w", err))
	}
}

// findExecScript locates the program runner next to this executable.
func findExecScript() (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot locate this executable: %w", err)
	}
	path := filepath.Join(filepath.Dir(self), execScriptName)
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Errorf("missing %s next to the language host (run `make toolchain`): %w", execScriptName, err)
	}
	return path, nil
}

// pythonHost implements pulumirpc.LanguageRuntimeServer for Python programs and plugins.
type pythonHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	execScript string

	mu     sync.Mutex
	engine string
	// watchEngine starts watching the engine at an address (set by main); called once, for the first address.
	watchEngine func(address string) error

	// cancelled by the Cancel RPC and when the host stops; every child process started by Run stops with it.
	cancelCtx  context.Context
	cancelFunc context.CancelFunc
	// children counts the programs and plugins running, so the host waits for them before it exits.
	children sync.WaitGroup
	// abandoned is set when the engine is gone: children are then killed instead of asked to stop.
	abandoned atomic.Bool
}

func newPythonHost(execScript string) *pythonHost {
	ctx, cancel := context.WithCancel(context.Background())
	return &pythonHost{execScript: execScript, cancelCtx: ctx, cancelFunc: cancel}
}

// setEngine records the engine address and starts watching it the first time one is known.
func (h *pythonHost) setEngine(address string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	first := h.engine == ""
	h.engine = address
	if first && address != "" && h.watchEngine != nil {
		return h.watchEngine(address)
	}
	return nil
}

// stopChildren stops every running program and plugin and waits until they have exited: killed at once when the
// engine is gone, else asked with SIGTERM and killed after childStopGrace.
func (h *pythonHost) stopChildren(engineGone bool) {
	h.abandoned.Store(engineGone)
	h.cancelFunc()
	h.children.Wait()
}

// stopOnCancel makes a child started with a cancellable context stop the way stopChildren says, and bounds how
// long its output may linger after it exits.
func (h *pythonHost) stopOnCancel(cmd *exec.Cmd) {
	cmd.Cancel = func() error {
		if h.abandoned.Load() {
			return cmd.Process.Kill()
		}
		if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
			return cmd.Process.Kill()
		}
		return nil
	}
	cmd.WaitDelay = childStopGrace
}

func (h *pythonHost) engineAddress() (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.engine == "" {
		return "", errors.New("no engine address: the engine must pass it on the command line or call Handshake")
	}
	return h.engine, nil
}

// pythonOptions reads the project's `runtime.options` (virtualenv, toolchain) into toolchain options.
func pythonOptions(info *pulumirpc.ProgramInfo, forPlugin bool) (toolchain.PythonOptions, error) {
	opts := toolchain.PythonOptions{Root: info.GetRootDirectory(), ProgramDir: info.GetProgramDirectory()}
	settings := map[string]any{}
	if info.GetOptions() != nil {
		settings = info.GetOptions().AsMap()
	}
	text := func(key string) (string, error) {
		value, isText := settings[key].(string)
		if !isText {
			return "", fmt.Errorf("runtime option %q must be a string, got %T", key, settings[key])
		}
		return value, nil
	}
	if _, given := settings["virtualenv"]; given {
		virtualenv, err := text("virtualenv")
		if err != nil {
			return opts, err
		}
		opts.Virtualenv = virtualenv
	}
	if _, given := settings["toolchain"]; given {
		name, err := text("toolchain")
		if err != nil {
			return opts, err
		}
		switch name {
		case "pip":
			opts.Toolchain = toolchain.Pip
		case "poetry":
			opts.Toolchain = toolchain.Poetry
		case "uv":
			opts.Toolchain = toolchain.Uv
		default:
			return opts, fmt.Errorf("runtime option toolchain: unsupported value %q (pip, poetry or uv)", name)
		}
	}
	if _, given := settings["typechecker"]; given {
		return opts, errors.New("runtime option typechecker is not supported by this language host; " +
			"run mypy or pyright before `pulumi up` instead")
	}
	// A plugin never runs in the ambient interpreter: default to its own `venv` folder, as Pulumi does.
	if forPlugin && opts.Virtualenv == "" && (opts.Toolchain == toolchain.Pip || opts.Toolchain == toolchain.Auto) {
		opts.Virtualenv = "venv"
	}
	return opts, nil
}

// Handshake records the engine address when the engine did not pass it on the command line.
func (h *pythonHost) Handshake(
	ctx context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	if err := h.setEngine(req.GetEngineAddress()); err != nil {
		return nil, fmt.Errorf("could not watch the engine: %w", err)
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

// GetPluginInfo reports the version this host was built with (the CLI's version).
func (h *pythonHost) GetPluginInfo(ctx context.Context, _ *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

// Cancel stops every running program.
func (h *pythonHost) Cancel(ctx context.Context, _ *emptypb.Empty) (*emptypb.Empty, error) {
	h.cancelFunc()
	return &emptypb.Empty{}, nil
}

// pluginScan prints, as JSON, the pulumi-plugin.json of the top-level packages of every installed distribution
// that requires a pulumi* package (Pulumi packages always do), including editable installs (found through
// import specs, not through RECORD files).
const pluginScan = `
import importlib.metadata as md, importlib.util as iu, json, os, re, sys
found, seen = [], set()
requires_pulumi = re.compile(r"^pulumi\b", re.IGNORECASE)
for dist in md.distributions():
    if not any(requires_pulumi.match(requirement) for requirement in dist.requires or ()):
        continue
    name = dist.metadata["Name"] or ""
    tops = (dist.read_text("top_level.txt") or "").split()
    if not tops:
        tops = sorted({f.parts[0] for f in (dist.files or ()) if len(f.parts) > 1 and f.parts[0].isidentifier()})
    if not tops:
        tops = [name.replace("-", "_").lower()]
    for top in tops:
        if top in seen:
            continue
        seen.add(top)
        try:
            spec = iu.find_spec(top)
        except Exception:
            continue
        for folder in (spec.submodule_search_locations or []) if spec else []:
            path = os.path.join(folder, "pulumi-plugin.json")
            if os.path.isfile(path):
                try:
                    with open(path) as handle:
                        plugin = json.load(handle)
                except Exception as error:
                    print(f"unreadable {path}: {error}", file=sys.stderr)
                    continue
                found.append({"distribution": name, "version": dist.version, "plugin": plugin})
json.dump(found, sys.stdout)
`

// pluginManifest is the part of pulumi-plugin.json this host uses.
type pluginManifest struct {
	Resource bool   `json:"resource"`
	Name     string `json:"name"`
	Version  string `json:"version"`
	Server   string `json:"server"`
}

// GetRequiredPackages lists the resource plugins the program's installed Python packages declare.
func (h *pythonHost) GetRequiredPackages(
	ctx context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	opts, err := pythonOptions(req.GetInfo(), false)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, fmt.Errorf("the program's virtualenv is not usable: %w", err)
	}
	cmd, err := tc.Command(ctx, "-c", pluginScan)
	if err != nil {
		return nil, err
	}
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("listing Pulumi plugins of installed packages: %w", err)
	}
	var found []struct {
		Distribution string         `json:"distribution"`
		Version      string         `json:"version"`
		Plugin       pluginManifest `json:"plugin"`
	}
	if err := json.Unmarshal(out, &found); err != nil {
		return nil, fmt.Errorf("reading the plugin list: %w", err)
	}
	packages := make([]*pulumirpc.PackageDependency, 0, len(found))
	for _, item := range found {
		if !item.Plugin.Resource {
			continue
		}
		name := item.Plugin.Name
		if name == "" {
			name = item.Distribution
		}
		pluginVersion := item.Plugin.Version
		if pluginVersion == "" {
			pluginVersion = item.Version
		}
		packages = append(packages, &pulumirpc.PackageDependency{
			Kind:    string(apitype.ResourcePlugin),
			Name:    name,
			Version: pluginVersion,
			Server:  item.Plugin.Server,
		})
	}
	return &pulumirpc.GetRequiredPackagesResponse{Packages: packages}, nil
}

// execArguments builds the runner's command line from a RunRequest.
func execArguments(req *pulumirpc.RunRequest, engine string) []string {
	var args []string
	add := func(flagName, value string) {
		if value != "" {
			args = append(args, "--"+flagName, value)
		}
	}
	add("monitor", req.GetMonitorAddress())
	add("engine", engine)
	add("project", req.GetProject())
	add("root_directory", req.GetInfo().GetRootDirectory())
	add("stack", req.GetStack())
	add("pwd", req.GetPwd())
	add("dry_run", strconv.FormatBool(req.GetDryRun()))
	add("parallel", strconv.Itoa(int(req.GetParallel())))
	add("organization", req.GetOrganization())
	entry := req.GetInfo().GetEntryPoint()
	if entry == "" {
		entry = "."
	}
	args = append(args, entry)
	return append(args, req.GetArgs()...)
}

// runEnvironment adds the stack configuration the runner reads from the environment.
func runEnvironment(base []string, req *pulumirpc.RunRequest) ([]string, error) {
	env := append([]string{}, base...)
	if config := req.GetConfig(); config != nil {
		encoded, err := json.Marshal(config)
		if err != nil {
			return nil, fmt.Errorf("encoding stack configuration: %w", err)
		}
		env = append(env, "PULUMI_CONFIG="+string(encoded))
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	encoded, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, fmt.Errorf("encoding secret configuration keys: %w", err)
	}
	return append(env, "PULUMI_CONFIG_SECRET_KEYS="+string(encoded)), nil
}

// Run executes the Python program for one preview, update, refresh or destroy.
func (h *pythonHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return &pulumirpc.RunResponse{Error: "attaching a debugger is not supported by this language host"}, nil
	}
	engine, err := h.engineAddress()
	if err != nil {
		return nil, err
	}
	opts, err := pythonOptions(req.GetInfo(), false)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.ValidateVenv(ctx); err != nil {
		return nil, fmt.Errorf("the program's virtualenv is not usable: %w", err)
	}

	runCtx, stopRun := context.WithCancel(h.cancelCtx)
	defer stopRun()
	defer context.AfterFunc(ctx, stopRun)()

	cmd, err := tc.Command(runCtx, append([]string{h.execScript}, execArguments(req, engine)...)...)
	if err != nil {
		return nil, err
	}
	base := cmd.Env
	if base == nil {
		base = os.Environ()
	}
	if cmd.Env, err = runEnvironment(base, req); err != nil {
		return nil, err
	}
	// The engine shows whatever this host writes as the program's output.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	// SIGTERM, not SIGINT: Python exits without a KeyboardInterrupt traceback that would bury the engine's own
	// reason for cancelling.
	h.stopOnCancel(cmd)

	h.children.Add(1)
	defer h.children.Done()
	err = cmd.Run()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	if runCtx.Err() != nil {
		// The engine cancelled the run (a policy violation, a failed step, Ctrl-C) and reports why itself.
		return &pulumirpc.RunResponse{Bail: true}, nil
	}
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("could not run the Python program: %v", err)}, nil
	}
	if exitErr.ExitCode() == exitAfterUserMessage {
		// The program already showed the user what went wrong.
		return &pulumirpc.RunResponse{Bail: true}, nil
	}
	return &pulumirpc.RunResponse{
		Error: fmt.Sprintf("program exited with non-zero exit code: %d", exitErr.ExitCode()),
	}, nil
}

// pluginCommand chooses how to start a Python plugin: policy packs through `pulumi.policy`, packages without a
// __main__.py through `pulumi.run.plugin`, and everything else by running its folder.
func pluginCommand(
	ctx context.Context, tc toolchain.Toolchain, req *pulumirpc.RunPluginRequest, root string,
) (*exec.Cmd, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if req.GetKind() == string(apitype.AnalyzerPlugin) {
		args := append([]string{"-u", "-m", "pulumi.policy"}, req.GetArgs()...)
		cmd, err := tc.Command(ctx, append(args, dir)...)
		if cmd != nil {
			// Policy packs have always run from their own folder.
			cmd.Dir = dir
		}
		return cmd, err
	}
	var cmd *exec.Cmd
	var err error
	if _, statErr := os.Stat(filepath.Join(root, "__main__.py")); statErr == nil {
		cmd, err = tc.Command(ctx, append([]string{dir}, req.GetArgs()...)...)
	} else {
		buildable, buildErr := toolchain.IsBuildablePackage(root)
		if buildErr != nil {
			return nil, fmt.Errorf("inspecting plugin folder %s: %w", root, buildErr)
		}
		if !buildable {
			return nil, fmt.Errorf("plugin folder %s has neither __main__.py nor a buildable pyproject.toml", root)
		}
		project, loadErr := toolchain.LoadPyproject(root)
		if loadErr != nil {
			return nil, fmt.Errorf("reading %s/pyproject.toml: %w", root, loadErr)
		}
		if project.Project == nil || project.Project.Name == "" {
			return nil, fmt.Errorf("%s/pyproject.toml: [project] name is required to run it as a plugin", root)
		}
		args := append([]string{project.Project.Name}, req.GetArgs()...)
		cmd, err = tc.ModuleCommand(ctx, "pulumi.run.plugin", args...)
	}
	if cmd != nil {
		cmd.Dir = req.GetPwd()
	}
	return cmd, err
}

// RunPlugin runs a Python plugin (a policy pack, a provider or a tool) and streams its output to the engine.
func (h *pythonHost) RunPlugin(req *pulumirpc.RunPluginRequest, server pulumirpc.LanguageRuntime_RunPluginServer) error {
	if req.GetAttachDebugger() {
		return errors.New("attaching a debugger is not supported by this language host")
	}
	// The plugin stops when the engine ends the stream or when the host stops (see stopChildren).
	ctx, stopPlugin := context.WithCancel(server.Context())
	defer stopPlugin()
	defer context.AfterFunc(h.cancelCtx, stopPlugin)()
	isPolicyPack := req.GetKind() == string(apitype.AnalyzerPlugin)
	opts, err := pythonOptions(req.GetInfo(), !isPolicyPack)
	if err != nil {
		return err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}
	cmd, err := pluginCommand(ctx, tc, req, opts.Root)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeRunPluginStreams(server, false)
	if err != nil {
		return err
	}
	defer closer.Close()

	var proxy *sdk.PolicyProxy
	if isPolicyPack {
		// Policy packs read the stack's configuration from the environment, so the host answers the engine's
		// configuration call itself and starts the pack afterwards.
		if proxy, stdout, err = sdk.NewPolicyProxy(ctx, stdout); err != nil {
			return fmt.Errorf("could not start the policy pack proxy: %w", err)
		}
		config, err := proxy.AwaitConfiguration(ctx)
		if err != nil {
			return fmt.Errorf("could not get the stack configuration for the policy pack: %w", err)
		}
		if cmd.Env, err = policyPackEnvironment(cmd.Env, config); err != nil {
			return err
		}
	}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, req.GetEnv()...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	h.stopOnCancel(cmd)

	h.children.Add(1)
	defer h.children.Done()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not start the Python plugin: %w", err)
	}
	if proxy != nil {
		err = proxy.Attach(ctx, cmd)
	} else {
		err = cmd.Wait()
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return server.Send(&pulumirpc.RunPluginResponse{
			Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: int32(exitErr.ExitCode())},
		})
	}
	if err != nil {
		return fmt.Errorf("running the Python plugin: %w", err)
	}
	return closer.Close()
}

// policyPackEnvironment exposes the stack's identity and configuration to a policy pack.
func policyPackEnvironment(base []string, config *pulumirpc.AnalyzerStackConfigureRequest) ([]string, error) {
	env := base
	if env == nil {
		env = os.Environ()
	}
	if config == nil {
		return env, nil
	}
	add := func(key, value string) {
		if value != "" {
			env = append(env, key+"="+value)
		}
	}
	add("PULUMI_ORGANIZATION", config.GetOrganization())
	add("PULUMI_PROJECT", config.GetProject())
	add("PULUMI_STACK", config.GetStack())
	add("PULUMI_DRY_RUN", strconv.FormatBool(config.GetDryRun()))
	if config.GetConfig() != nil {
		encoded, err := json.Marshal(config.GetConfig())
		if err != nil {
			return nil, fmt.Errorf("encoding stack configuration for the policy pack: %w", err)
		}
		add("PULUMI_CONFIG", string(encoded))
	}
	return env, nil
}

// InstallDependencies checks the program's virtualenv; this project installs dependencies with `make setup`.
func (h *pythonHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	opts, err := pythonOptions(req.GetInfo(), req.GetIsPlugin())
	if err != nil {
		return err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return err
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()
	// An existing, valid virtualenv is used as it is: re-creating it and upgrading pip, setuptools and wheel
	// would rewrite the environment `make setup` built and reach for the package registry. Only the program's
	// requirements.txt, when there is one (`pulumi package add` links SDK folders into it), is installed into it.
	programDir := req.GetInfo().GetProgramDirectory()
	if tc.ValidateVenv(server.Context()) == nil {
		if _, statErr := os.Stat(filepath.Join(programDir, "requirements.txt")); errors.Is(statErr, os.ErrNotExist) {
			fmt.Fprintln(stdout, "Using the existing virtualenv; no requirements.txt to install")
			return closer.Close()
		}
		if opts.Toolchain != toolchain.Pip && opts.Toolchain != toolchain.Auto {
			return installWithToolchain(server.Context(), tc, programDir, req.GetUseLanguageVersionTools(),
				stdout, stderr, closer)
		}
		fmt.Fprintln(stdout, "Installing requirements.txt into the existing virtualenv...")
		cmd, err := tc.ModuleCommand(server.Context(), "pip", "install", "-r", "requirements.txt")
		if err != nil {
			return err
		}
		cmd.Dir = programDir
		cmd.Stdout, cmd.Stderr = stdout, stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("installing requirements.txt: %w", err)
		}
		fmt.Fprintln(stdout, "Finished installing dependencies")
		return closer.Close()
	}
	return installWithToolchain(server.Context(), tc, programDir, req.GetUseLanguageVersionTools(), stdout, stderr,
		closer)
}

// installWithToolchain lets the toolchain (pip, poetry or uv) set up the virtualenv and install everything.
func installWithToolchain(
	ctx context.Context, tc toolchain.Toolchain, programDir string, useLanguageVersionTools bool,
	stdout, stderr io.Writer, closer io.Closer,
) error {
	fmt.Fprintln(stdout, "Installing dependencies...")
	if err := tc.InstallDependencies(ctx, programDir, useLanguageVersionTools, true, stdout, stderr); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Finished installing dependencies")
	return closer.Close()
}

// aboutScript reports the interpreter and pip's version in one short process (the engine asks on every update;
// running `pip --version` would import pip and cost a second).
const aboutScript = `
import importlib.metadata as md, json, platform, sys
try:
    pip = md.version("pip")
except md.PackageNotFoundError:
    pip = ""
json.dump({"executable": sys.executable, "version": platform.python_version(), "pip": pip}, sys.stdout)
`

// About describes the Python interpreter the program runs with.
func (h *pythonHost) About(ctx context.Context, req *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	opts := toolchain.PythonOptions{Toolchain: toolchain.Pip}
	if req.GetInfo() != nil {
		var err error
		if opts, err = pythonOptions(req.GetInfo(), false); err != nil {
			return nil, err
		}
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	metadata := map[string]string{"toolchain": toolchain.Name(opts.Toolchain)}
	if opts.Toolchain != toolchain.Pip && opts.Toolchain != toolchain.Auto {
		// poetry and uv report their own version; ask the toolchain.
		info, err := tc.About(ctx)
		if err != nil {
			return nil, err
		}
		metadata["toolchainVersion"] = info.ToolchainVersion.String()
		return &pulumirpc.AboutResponse{
			Executable: info.PythonExecutable, Version: info.PythonVersion.String(), Metadata: metadata,
		}, nil
	}
	cmd, err := tc.Command(ctx, "-c", aboutScript)
	if err != nil {
		return nil, err
	}
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("asking the program's Python for its version: %w", err)
	}
	var about struct {
		Executable string `json:"executable"`
		Version    string `json:"version"`
		Pip        string `json:"pip"`
	}
	if err := json.Unmarshal(out, &about); err != nil {
		return nil, fmt.Errorf("reading the Python version report: %w", err)
	}
	metadata["toolchainVersion"] = about.Pip
	return &pulumirpc.AboutResponse{Executable: about.Executable, Version: about.Version, Metadata: metadata}, nil
}

// GetProgramDependencies lists the Python packages installed for the program.
func (h *pythonHost) GetProgramDependencies(
	ctx context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	opts, err := pythonOptions(req.GetInfo(), false)
	if err != nil {
		return nil, err
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	installed, err := tc.ListPackages(ctx, req.GetTransitiveDependencies())
	if err != nil {
		return nil, fmt.Errorf("listing Python packages: %w", err)
	}
	deps := make([]*pulumirpc.DependencyInfo, 0, len(installed))
	for _, dep := range installed {
		deps = append(deps, &pulumirpc.DependencyInfo{Name: dep.Name, Version: dep.Version})
	}
	return &pulumirpc.GetProgramDependenciesResponse{Dependencies: deps}, nil
}
