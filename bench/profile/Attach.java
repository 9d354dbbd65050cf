import com.sun.tools.attach.VirtualMachine;

/** Loads an agent library into a running JVM with its options passed as they are (jcmd splits them). */
public class Attach {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: java Attach.java <pid> <agent library> <agent options>");
            System.exit(2);
        }
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        try {
            vm.loadAgentPath(args[1], args[2]);
        } finally {
            vm.detach();
        }
    }
}
