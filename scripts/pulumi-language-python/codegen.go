// Code generation for Python: the RPCs behind `pulumi import` (generated code), `pulumi convert`,
// `pulumi package gen-sdk` and `pulumi package add`. Each one binds its input (a PCL program or a package schema)
// with Pulumi's own codegen libraries (github.com/pulumi/pulumi/pkg/v3/codegen/...) and hands the result to
// Pulumi's Python generator, so the output is what Pulumi's own Python host would produce. Schemas of the
// packages a program uses come from the engine's schema loader (req.LoaderTarget).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blang/semver"
	hclsyntax "github.com/pulumi/pulumi/pkg/v3/codegen/hcl2/syntax"
	"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	"github.com/pulumi/pulumi/sdk/v3/go/common/workspace"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"github.com/pulumi/pulumi/sdk/v3/python/toolchain"
)

// codegenToolName names this host in the header of generated SDK files.
const codegenToolName = "pulumi-language-python"

// engineLoader connects to the engine's schema loader; the caller closes it.
func engineLoader(target string) (*schema.LoaderClient, schema.ReferenceLoader, error) {
	client, err := schema.NewLoaderClient(target)
	if err != nil {
		return nil, nil, fmt.Errorf("connecting to the engine's schema loader: %w", err)
	}
	return client, schema.NewCachedLoader(client), nil
}

// bindOptions are the PCL binding options for Python: output-versioned invokes, and lenient binding unless strict.
func bindOptions(strict bool) []pcl.BindOption {
	options := []pcl.BindOption{pcl.PreferOutputVersionedInvokes}
	if !strict {
		options = append(options, pcl.NonStrictBindOptions()...)
	}
	return options
}

// GenerateProgram turns PCL source files (what `pulumi import` and `pulumi convert` produce) into Python files.
func (h *pythonHost) GenerateProgram(
	ctx context.Context, req *pulumirpc.GenerateProgramRequest,
) (*pulumirpc.GenerateProgramResponse, error) {
	client, loader, err := engineLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	parser := hclsyntax.NewParser()
	names := make([]string, 0, len(req.GetSource()))
	for name := range req.GetSource() {
		names = append(names, name)
	}
	sort.Strings(names) // a stable order makes the generated program stable
	for _, name := range names {
		if err := parser.ParseFile(strings.NewReader(req.GetSource()[name]), name); err != nil {
			return nil, fmt.Errorf("parsing %s: %w", name, err)
		}
		if parser.Diagnostics.HasErrors() {
			return &pulumirpc.GenerateProgramResponse{
				Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(parser.Diagnostics),
			}, nil
		}
	}

	program, diags, err := pcl.BindProgram(parser.Files, loader, bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, fmt.Errorf("binding the program: %w", err)
	}
	reported := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProgramResponse{Diagnostics: reported}, nil
	}
	if program == nil {
		return nil, errors.New("binding the program produced no program")
	}

	files, genDiags, err := pygen.GenerateProgram(program)
	if err != nil {
		return nil, fmt.Errorf("generating Python: %w", err)
	}
	reported = append(reported, plugin.HclDiagnosticsToRPCDiagnostics(genDiags)...)
	return &pulumirpc.GenerateProgramResponse{Source: files, Diagnostics: reported}, nil
}

// GenerateProject writes a whole Python project (Pulumi.yaml, __main__.py, requirements.txt) from a PCL folder,
// for `pulumi convert`.
func (h *pythonHost) GenerateProject(
	ctx context.Context, req *pulumirpc.GenerateProjectRequest,
) (*pulumirpc.GenerateProjectResponse, error) {
	client, loader, err := engineLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	program, diags, err := pcl.BindDirectory(req.GetSourceDirectory(), loader, bindOptions(req.GetStrict())...)
	if err != nil {
		return nil, fmt.Errorf("binding the program in %s: %w", req.GetSourceDirectory(), err)
	}
	reported := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GenerateProjectResponse{Diagnostics: reported}, nil
	}

	var project workspace.Project
	if err := json.Unmarshal([]byte(req.GetProject()), &project); err != nil {
		return nil, fmt.Errorf("reading the project description: %w", err)
	}
	// No type checker (this host does not run one) and the default toolchain (pip).
	err = pygen.GenerateProject(req.GetTargetDirectory(), project, program, req.GetLocalDependencies(), "", "")
	if err != nil {
		return nil, fmt.Errorf("writing the Python project: %w", err)
	}
	return &pulumirpc.GenerateProjectResponse{Diagnostics: reported}, nil
}

// GeneratePackage writes a Python SDK for a package schema into req.Directory, for `pulumi package gen-sdk` and
// `pulumi package add`.
func (h *pythonHost) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	client, loader, err := engineLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.GetSchema()), &spec); err != nil {
		return nil, fmt.Errorf("reading the package schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, fmt.Errorf("binding the package schema: %w", err)
	}
	reported := plugin.HclDiagnosticsToRPCDiagnostics(diags)
	if diags.HasErrors() {
		return &pulumirpc.GeneratePackageResponse{Diagnostics: reported}, nil
	}

	files, err := pygen.GeneratePackage(codegenToolName, pkg, req.GetExtraFiles(), loader)
	if err != nil {
		return nil, fmt.Errorf("generating the Python SDK: %w", err)
	}
	for name, data := range files {
		path := filepath.Join(req.GetDirectory(), name)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return nil, fmt.Errorf("writing %s: %w", path, err)
		}
	}
	return &pulumirpc.GeneratePackageResponse{Diagnostics: reported}, nil
}

// linkDescriptor is the schema loader's description of a package named in a Link request.
func linkDescriptor(dep *pulumirpc.PackageDependency) *schema.PackageDescriptor {
	descriptor := &schema.PackageDescriptor{Name: dep.GetName(), DownloadURL: dep.GetServer()}
	if parsed, err := semver.ParseTolerant(dep.GetVersion()); err == nil && dep.GetVersion() != "" {
		descriptor.Version = &parsed
	}
	if param := dep.GetParameterization(); param != nil {
		descriptor.Parameterization = &schema.ParameterizationDescriptor{Name: param.GetName(), Value: param.GetValue()}
		if parsed, err := semver.ParseTolerant(param.GetVersion()); err == nil && param.GetVersion() != "" {
			descriptor.Parameterization.Version = parsed
		}
	}
	return descriptor
}

// pythonNames are the distribution name and the import name of a package's Python SDK: the schema's
// language.python.packageName for both when set, else Pulumi's defaults (pulumi_<name>, <name> with underscores).
func pythonNames(ctx context.Context, loader schema.ReferenceLoader, dep *pulumirpc.PackageDependency) (
	distribution, importName string, err error,
) {
	ref, err := schema.LoadPackageReferenceV2(ctx, loader, linkDescriptor(dep))
	if err != nil {
		return "", "", fmt.Errorf("loading the schema of %s: %w", dep.GetName(), err)
	}
	pkg, err := ref.Definition()
	if err != nil {
		return "", "", fmt.Errorf("binding the schema of %s: %w", dep.GetName(), err)
	}
	if err := pkg.ImportLanguages(map[string]schema.Language{"python": pygen.Importer}); err != nil {
		return "", "", fmt.Errorf("reading the Python settings of %s: %w", dep.GetName(), err)
	}
	if info, ok := pkg.Language["python"].(pygen.PackageInfo); ok && info.PackageName != "" {
		return info.PackageName, info.PackageName, nil
	}
	return pygen.PyPack(ref.Namespace(), ref.Name()), strings.ReplaceAll(ref.Name(), "-", "_"), nil
}

// Link adds locally generated SDKs to the program's requirements.txt (for `pulumi package add`) and tells the user
// how to import them.
func (h *pythonHost) Link(ctx context.Context, req *pulumirpc.LinkRequest) (*pulumirpc.LinkResponse, error) {
	opts, err := pythonOptions(req.GetInfo(), false)
	if err != nil {
		return nil, err
	}
	client, loader, err := engineLoader(req.GetLoaderTarget())
	if err != nil {
		return nil, err
	}
	defer client.Close()

	paths := map[string]string{}
	var imports strings.Builder
	for _, dep := range req.GetPackages() {
		if dep.GetPackage().GetName() == "pulumi" {
			paths["pulumi"] = dep.GetPath()
			continue
		}
		distribution, importName, err := pythonNames(ctx, loader, dep.GetPackage())
		if err != nil {
			return nil, err
		}
		paths[distribution] = dep.GetPath()
		fmt.Fprintf(&imports, "  import %s as %s\n", distribution, importName)
	}
	if opts.Toolchain != toolchain.Pip && opts.Toolchain != toolchain.Auto {
		return nil, fmt.Errorf("linking packages needs the pip toolchain; add the SDK folders to your %s project "+
			"by hand", toolchain.Name(opts.Toolchain))
	}
	tc, err := toolchain.ResolveToolchain(opts)
	if err != nil {
		return nil, err
	}
	if err := tc.LinkPackages(ctx, paths); err != nil {
		return nil, fmt.Errorf("adding the packages to requirements.txt: %w", err)
	}
	return &pulumirpc.LinkResponse{
		ImportInstructions: "You can import the SDK in your Python code with:\n\n" + imports.String(),
	}, nil
}
