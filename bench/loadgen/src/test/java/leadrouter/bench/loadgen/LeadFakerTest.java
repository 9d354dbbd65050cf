package leadrouter.bench.loadgen;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LeadFakerTest {

    private final LeadFaker faker = new LeadFaker(42);

    @Test
    void phonesAreValidUsNumbersForLibphonenumber() throws Exception {
        PhoneNumberUtil util = PhoneNumberUtil.getInstance();
        for (long n = 0; n < 20_000; n++) {
            String phone = faker.lead(n * 7_000).phone();
            assertThat(phone).matches("\\+1[2-9]\\d{2}[2-9]\\d{6}");
            assertThat(util.isValidNumber(util.parse(phone, "US"))).as(phone).isTrue();
        }
    }

    @Test
    void phonesAndEmailsAreUniqueAcrossSequenceNumbers() {
        Set<String> phones = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (long n = 1_000_000; n < 1_200_000; n++) {
            LeadFaker.Lead lead = faker.lead(n);
            assertThat(phones.add(lead.phone())).as("phone of %d", n).isTrue();
            assertThat(emails.add(lead.email())).as("email of %d", n).isTrue();
        }
    }

    @Test
    void sameSeedAndNumberGiveTheSameLead() {
        assertThat(new LeadFaker(7).lead(123)).isEqualTo(new LeadFaker(7).lead(123));
        assertThat(new LeadFaker(7).lead(123)).isNotEqualTo(new LeadFaker(8).lead(123));
    }

    @Test
    void fieldsAreVariedAndInRange() {
        Map<String, Integer> states = new HashMap<>();
        Set<String> firstNames = new HashSet<>();
        int n = 50_000;
        for (long i = 0; i < n; i++) {
            LeadFaker.Lead lead = faker.lead(i);
            assertThat(lead.monthlyBill()).isBetween(50, 400);
            assertThat(lead.zip()).matches("\\d{5}");
            assertThat(lead.email()).matches("[a-z]+\\.[a-z]+\\.[0-9a-z]+@[a-z.]+");
            states.merge(lead.state(), 1, Integer::sum);
            firstNames.add(lead.firstName());
        }
        assertThat(firstNames.size()).isGreaterThan(50);
        assertThat(states.get("CA")).isGreaterThan(states.get("TX"));
        assertThat(states.get("TX")).isGreaterThan(states.get("NY"));
        assertThat(states.get("CA") / (double) n).isBetween(0.18, 0.30);
        assertThat(states.size()).isGreaterThan(15);
    }

    @Test
    void rejectsNumbersOutsideTheUniqueRange() {
        assertThatThrownBy(() -> faker.lead(LeadFaker.PHONE_SPACE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> faker.lead(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
