using System;
using System.IO;
using System.Reflection;

namespace Berth.Cli.Tests.Support;

/// <summary>
/// A throwaway user project outside the repository: a net8.0 class library that references the built Berth library
/// and runs the generator as an analyzer (plain references, no project references, so that its build is quick and
/// touches nothing the other tests build). Deleted on dispose.
/// </summary>
public sealed class TempProject : IDisposable
{
    private TempProject(string directory)
    {
        Directory = directory;
        ProjectPath = Path.Combine(directory, "Infra.csproj");
    }

    /// <summary>The project folder.</summary>
    public string Directory { get; }

    /// <summary>The project file.</summary>
    public string ProjectPath { get; }

    /// <summary>The assembly a Debug build writes.</summary>
    public string AssemblyPath(string name = "Infra") => Path.Combine(Directory, "bin", "Debug", "net8.0", name + ".dll");

    /// <summary>A project with <paramref name="source"/> as its one source file and <paramref name="extraProjectXml"/> in its project file.</summary>
    public static TempProject Create(string source, string extraProjectXml = "")
    {
        var project = new TempProject(System.IO.Directory.CreateTempSubdirectory("berth-cli-project-").FullName);
        project.WriteProject(extraProjectXml);
        File.WriteAllText(Path.Combine(project.Directory, "Infra.cs"), source);
        return project;
    }

    /// <summary>Rewrites the project file with <paramref name="extraProjectXml"/> inside its Project element.</summary>
    public void WriteProject(string extraProjectXml)
    {
        var berth = Path.Combine(AppContext.BaseDirectory, "Berth.dll");
        // What the package's dependency gives a user: Berth's API takes and returns KubernetesClient types (With(object), Customize).
        var kubernetesClient = typeof(k8s.Models.V1StatefulSet).Assembly
            .GetCustomAttribute<System.Reflection.AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        var repo = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(Tool.FixtureProject)!, "..", "..", ".."));
        var generator = Path.Combine(repo, "src", "Berth.Generator", "bin", Tool.Configuration, "netstandard2.0", "Berth.Generator.dll");
        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net8.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{berth}" />
                <PackageReference Include="KubernetesClient" Version="{kubernetesClient}" />
                <Analyzer Include="{generator}" />
              </ItemGroup>
              {extraProjectXml}
            </Project>
            """);
    }

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
