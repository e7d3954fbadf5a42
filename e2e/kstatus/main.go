// Command kstatus prints the kstatus status of live Kubernetes objects, one JSON line each:
//
//	kstatus [--kubeconfig FILE] [-n NAMESPACE] [--timeout 30s] TYPE/NAME...
//	{"resource":"clusters.lakehouse.dev/quickstart","status":"Current","message":"Resource is Ready"}
//
// TYPE is what kubectl accepts: a resource (clusters.lakehouse.dev, deployments.apps,
// clusters.v1alpha1.lakehouse.dev), a short name (lhc) or a kind (Cluster.lakehouse.dev).
// -n applies to namespaced types and is ignored for cluster-scoped ones.
//
// The status is sigs.k8s.io/cli-utils/pkg/kstatus/status.Compute on the object as the API server
// returns it, the function Flux and other GitOps tools use to decide readiness, so the e2e suite
// checks our resources against the library itself rather than a re-implementation of its rules.
// Like kstatus's own status readers (polling/statusreaders/common.go), an object that does not
// exist is NotFound and any other error (unknown type, no access, Compute failing) is Unknown
// with the error as message.
//
// Exit codes: 0 when a line was printed for every argument (whatever the statuses), 1 when the
// kubeconfig cannot be used, 2 on a usage error.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	flag "github.com/spf13/pflag"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/discovery/cached/memory"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/restmapper"
	"k8s.io/client-go/tools/clientcmd"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

// line is the output for one argument; status is one of kstatus's six statuses.
type line struct {
	Resource string `json:"resource"`
	Status   string `json:"status"`
	Message  string `json:"message"`
}

func main() {
	// pflag (client-go's own flag library) lets flags follow the arguments, as in kubectl.
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)")
	namespace := flag.StringP("namespace", "n", "", "namespace of namespaced objects (default: the kubeconfig context's, else default)")
	timeout := flag.Duration("timeout", 30*time.Second, "limit for all API requests together")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: kstatus [--kubeconfig FILE] [-n NAMESPACE] [--timeout 30s] TYPE/NAME...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, arg := range flag.Args() {
		if t, n, ok := strings.Cut(arg, "/"); !ok || t == "" || n == "" || strings.Contains(n, "/") {
			fmt.Fprintf(os.Stderr, "kstatus: %q is not TYPE/NAME\n", arg)
			os.Exit(2)
		}
	}

	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	rules.ExplicitPath = *kubeconfig
	loader := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{})
	config, err := loader.ClientConfig()
	if err != nil {
		fail(err)
	}
	if *namespace == "" {
		if *namespace, _, err = loader.Namespace(); err != nil {
			fail(err)
		}
	}
	config.Timeout = *timeout
	discoveryClient, err := discovery.NewDiscoveryClientForConfig(config)
	if err != nil {
		fail(err)
	}
	client, err := dynamic.NewForConfig(config)
	if err != nil {
		fail(err)
	}
	// Discovery resolves TYPE as kubectl does: plural, singular, short names, kinds.
	mapper := restmapper.NewShortcutExpander(
		restmapper.NewDeferredDiscoveryRESTMapper(memory.NewMemCacheClient(discoveryClient)),
		discoveryClient, func(string) {})

	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	out := json.NewEncoder(os.Stdout)
	out.SetEscapeHTML(false)
	for _, arg := range flag.Args() {
		s, msg := compute(ctx, mapper, client, *namespace, arg)
		if err := out.Encode(line{Resource: arg, Status: string(s), Message: msg}); err != nil {
			fail(err)
		}
	}
}

// compute reads one object and returns its kstatus status and message.
func compute(ctx context.Context, mapper meta.RESTMapper, client dynamic.Interface, namespace, arg string) (status.Status, string) {
	typ, name, _ := strings.Cut(arg, "/")
	mapping, err := restMapping(mapper, typ)
	if err != nil {
		return status.UnknownStatus, err.Error()
	}
	resource := client.Resource(mapping.Resource)
	var objects dynamic.ResourceInterface = resource
	if mapping.Scope.Name() == meta.RESTScopeNameNamespace {
		objects = resource.Namespace(namespace)
	}
	obj, err := objects.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return status.NotFoundStatus, "Resource not found" // kstatus's own message for this case
	}
	if err != nil {
		return status.UnknownStatus, err.Error()
	}
	result, err := status.Compute(obj)
	if err != nil {
		return status.UnknownStatus, err.Error()
	}
	return result.Status, result.Message
}

// restMapping resolves TYPE first as a resource, then as a kind, the order kubectl uses.
func restMapping(mapper meta.RESTMapper, typ string) (*meta.RESTMapping, error) {
	gvr, gr := schema.ParseResourceArg(strings.ToLower(typ))
	var gvk schema.GroupVersionKind
	err := fmt.Errorf("no version given")
	if gvr != nil {
		gvk, err = mapper.KindFor(*gvr)
	}
	if err != nil {
		gvk, err = mapper.KindFor(gr.WithVersion(""))
	}
	if err == nil {
		return mapper.RESTMapping(gvk.GroupKind(), gvk.Version)
	}
	fullGVK, gk := schema.ParseKindArg(typ)
	if fullGVK != nil {
		if mapping, kindErr := mapper.RESTMapping(fullGVK.GroupKind(), fullGVK.Version); kindErr == nil {
			return mapping, nil
		}
	}
	if mapping, kindErr := mapper.RESTMapping(gk); kindErr == nil {
		return mapping, nil
	}
	return nil, err // the resource's error says more than the kind's ("widgets.example.com" is no kind)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kstatus:", err)
	os.Exit(1)
}
