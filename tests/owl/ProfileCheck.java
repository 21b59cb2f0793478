import java.io.File;
import java.util.List;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.profiles.Profiles;

/**
 * Runs the OWL API's profile checker (OWL 2 DL unless --profile RL, EL or QL is given) over an
 * ontology file and prints each violation, one a line, then their count.
 * Usage: ProfileCheck [--profile NAME] TARGET [IMPORTED ...]: the imported files are loaded
 * first, so that the target's owl:imports resolve to them instead of the web. Exit 0 when the
 * target and its imports closure are in the profile, 1 when not, 2 when a file cannot be read.
 */
public final class ProfileCheck {
    public static void main(String[] args) {
        Profiles profile = Profiles.OWL2_DL;
        int first = 0;
        if (args.length >= 2 && args[0].equals("--profile")) {
            profile = Profiles.valueOf("OWL2_" + args[1]);
            first = 2;
        }
        if (args.length <= first) {
            System.err.println("usage: ProfileCheck [--profile DL|RL|EL|QL] TARGET [IMPORTED ...]");
            System.exit(2);
        }
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology target;
        try {
            for (int i = first + 1; i < args.length; i++) {
                manager.loadOntologyFromOntologyDocument(new File(args[i]));
            }
            target = manager.loadOntologyFromOntologyDocument(new File(args[first]));
        } catch (Exception e) {
            System.err.println("cannot load: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(2);
            return;
        }
        OWLProfileReport report = profile.checkOntology(target);
        List<OWLProfileViolation> violations = report.getViolations();
        for (OWLProfileViolation violation : violations) {
            System.out.println(violation.toString().replace('\n', ' '));
        }
        System.out.println(violations.size() + " violation(s)");
        System.exit(violations.isEmpty() ? 0 : 1);
    }
}
