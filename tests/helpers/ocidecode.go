// ocidecode: reads an OCI runtime config the way runc 1.1.5 does (Go's encoding/json into
// structs with the json tags of runtime-spec's specs-go, as runc's loadSpec does) and prints,
// as JSON with sorted keys, the fields ctguard's gate judges (the projection view()). tests/cli/oci-differential.sh
// compares it with ctguard's own reading. Only the standard library: `go build ocidecode.go`.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

type user struct {
	UID            uint32   `json:"uid"`
	GID            uint32   `json:"gid"`
	AdditionalGids []uint32 `json:"additionalGids,omitempty"`
}

type capabilities struct {
	Bounding    []string `json:"bounding,omitempty"`
	Effective   []string `json:"effective,omitempty"`
	Inheritable []string `json:"inheritable,omitempty"`
	Permitted   []string `json:"permitted,omitempty"`
	Ambient     []string `json:"ambient,omitempty"`
}

type rlimit struct {
	Type string `json:"type"`
	Hard uint64 `json:"hard"`
	Soft uint64 `json:"soft"`
}

type process struct {
	User            user          `json:"user"`
	Args            []string      `json:"args,omitempty"`
	Capabilities    *capabilities `json:"capabilities,omitempty"`
	Rlimits         []rlimit      `json:"rlimits,omitempty"`
	NoNewPrivileges bool          `json:"noNewPrivileges,omitempty"`
	ApparmorProfile string        `json:"apparmorProfile,omitempty"`
}

type root struct {
	Path     string `json:"path"`
	Readonly bool   `json:"readonly,omitempty"`
}

type mount struct {
	Destination string   `json:"destination"`
	Type        string   `json:"type,omitempty"`
	Source      string   `json:"source,omitempty"`
	Options     []string `json:"options,omitempty"`
}

type namespace struct {
	Type string `json:"type"`
	Path string `json:"path,omitempty"`
}

type seccomp struct {
	DefaultAction string `json:"defaultAction"`
}

type linux struct {
	Namespaces    []namespace       `json:"namespaces,omitempty"`
	Seccomp       *seccomp          `json:"seccomp,omitempty"`
	MaskedPaths   []string          `json:"maskedPaths,omitempty"`
	ReadonlyPaths []string          `json:"readonlyPaths,omitempty"`
	Sysctl        map[string]string `json:"sysctl,omitempty"`
}

type spec struct {
	Version     string            `json:"ociVersion"`
	Process     *process          `json:"process,omitempty"`
	Root        *root             `json:"root,omitempty"`
	Mounts      []mount           `json:"mounts,omitempty"`
	Annotations map[string]string `json:"annotations,omitempty"`
	Linux       *linux            `json:"linux,omitempty"`
}

// The projection both sides print: what the gate judges.
func view(s *spec) map[string]interface{} {
	v := map[string]interface{}{"uid": 0, "gid": 0, "caps": map[string][]string{},
		"nnp": false, "apparmor": "", "root": "", "readonly": false,
		"mounts": []interface{}{}, "namespaces": []interface{}{}, "seccomp": "",
		"masked": []string{}, "readonlyPaths": []string{}}
	if p := s.Process; p != nil {
		v["uid"], v["gid"], v["nnp"], v["apparmor"] = p.User.UID, p.User.GID, p.NoNewPrivileges, p.ApparmorProfile
		if c := p.Capabilities; c != nil {
			caps := map[string][]string{}
			for k, l := range map[string][]string{"bounding": c.Bounding, "effective": c.Effective,
				"inheritable": c.Inheritable, "permitted": c.Permitted, "ambient": c.Ambient} {
				if len(l) > 0 {
					caps[k] = l
				}
			}
			v["caps"] = caps
		}
	}
	if r := s.Root; r != nil {
		v["root"], v["readonly"] = r.Path, r.Readonly
	}
	ms := []interface{}{}
	for _, m := range s.Mounts {
		o := m.Options
		if o == nil {
			o = []string{}
		}
		ms = append(ms, []interface{}{m.Destination, m.Type, m.Source, o})
	}
	v["mounts"] = ms
	if l := s.Linux; l != nil {
		ns := []interface{}{}
		for _, n := range l.Namespaces {
			ns = append(ns, []string{n.Type, n.Path})
		}
		v["namespaces"] = ns
		if l.Seccomp != nil {
			v["seccomp"] = l.Seccomp.DefaultAction
		}
		if l.MaskedPaths != nil {
			v["masked"] = l.MaskedPaths
		}
		if l.ReadonlyPaths != nil {
			v["readonlyPaths"] = l.ReadonlyPaths
		}
	}
	return v
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ocidecode CONFIG.JSON")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var s spec
	if err := json.NewDecoder(f).Decode(&s); err != nil {
		fmt.Fprintln(os.Stderr, "decode:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(view(&s)) // maps marshal with sorted keys
	fmt.Println(string(out))
}
